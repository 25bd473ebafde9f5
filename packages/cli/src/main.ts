// The `c360` command: dispatches to one module per sub-command (see docs/architecture.md and README.md for the contract).
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import type { Command, CommandIO } from "./command";
import { UsageError } from "./command";
import { commands } from "./commands";

const io: CommandIO = {
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
};

function printHelp(out: (line: string) => void): void {
  out("usage: c360 <command> [options]\n");
  for (const command of commands) out(`  ${command.name.padEnd(10)} ${command.summary}`);
  out("\nRun `c360 <command> --help` for the options of one command.");
}

export async function runCli(argv: string[], cliIO: CommandIO = io): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    printHelp(cliIO.stdout);
    return name ? 0 : 2;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    cliIO.stderr(`c360: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(", ")}.`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    cliIO.stdout(`usage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args, cliIO);
  } catch (error) {
    if (error instanceof UsageError) {
      cliIO.stderr(`c360 ${command.name}: ${error.message}`);
      cliIO.stderr(`usage: ${command.usage}`);
      return 2;
    }
    // A database error's message can end with the values of its query (whole records): stripped here.
    cliIO.stderr(`c360 ${command.name}: ${describeErrorBriefly(error)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && /main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
