#!/usr/bin/env node
// Entry point of the `c360` command: loads the TypeScript CLI in this same process through tsx's loader, so no
// build step is needed and signals (Ctrl-C, SIGKILL in tests) reach the process that does the work.
import { register } from "tsx/esm/api";

// A reader that stops early (`c360 export ... | head`) is not an error.
process.stdout.on("error", (error) => process.exit(error.code === "EPIPE" ? 0 : 1));

register();
const { runCli } = await import("../src/main.ts");
const code = await runCli(process.argv.slice(2));
// Exit once everything written so far has been flushed, even if a library left a handle open.
process.stdout.write("", () => process.exit(code));
