// `c360 tokens create` prints a token once; `c360 mcp` serves MCP over stdio as that token's user, driven here by
// the SDK's own client over a real child process (PGlite folder, or a fresh PostgreSQL database with DATABASE_URL).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { openDatabase } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { ensureDemoUsers } from "@c360/core/users/ensure-demo-users";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

const bin = join(import.meta.dirname, "..", "..", "bin", "c360.mjs");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe("c360 tokens and c360 mcp", () => {
  const dir = mkdtempSync(join(tmpdir(), "c360-mcp-cli-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  let testDb: TestDatabase | null = null;
  const childEnv: Record<string, string> = {};

  beforeAll(async () => {
    if (saved.url) {
      testDb = await createTestDatabase();
      process.env.DATABASE_URL = testDb.url!;
      await ensureDemoUsers(testDb.db);
      await testDb.close();
      childEnv.DATABASE_URL = testDb.url!;
    } else {
      process.env.C360_DATA_DIR = join(dir, "db");
      const handle = await openDatabase();
      await migrateDatabase(handle);
      await ensureDemoUsers(handle.db);
      await handle.close();
      childEnv.C360_DATA_DIR = process.env.C360_DATA_DIR;
    }
  });
  afterAll(async () => {
    if (testDb) await testDb.destroy().catch(() => undefined);
    if (saved.url) process.env.DATABASE_URL = saved.url;
    process.env.C360_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates a token, printed once on stdout, and refuses bad flags with the usage", async () => {
    const bad = capture();
    expect(
      await runCli(
        ["tokens", "create", "--email", "analyst@example.com", "--name", "x", "--scope", "admin"],
        bad.io,
      ),
    ).toBe(2);
    expect(bad.err.join("\n")).toMatch(/--scope must be one of read, propose/);
    const unknown = capture();
    expect(
      await runCli(["tokens", "create", "--email", "nobody@example.com", "--name", "x"], unknown.io),
    ).toBe(1);
    expect(unknown.err.join("\n")).toMatch(/no user has the email nobody@example.com/);

    const made = capture();
    expect(
      await runCli(
        ["tokens", "create", "--email", "analyst@example.com", "--name", "stdio test", "--days", "2"],
        made.io,
      ),
    ).toBe(0);
    expect(made.out).toHaveLength(1);
    expect(made.out[0]).toMatch(/^c360_pat_/);
    expect(made.err.join("\n")).toMatch(/shown once/);
    childEnv.C360_TOKEN = made.out[0]!;
  });

  it("serves the tools over stdio as the token's user, masked for an analyst", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, "mcp"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...childEnv },
      stderr: "pipe",
    });
    const client = new Client({ name: "c360-cli-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const listed = await client.listTools();
      expect(listed.tools.map((t) => t.name)).toContain("search_profiles");
      const search = await client.callTool({ name: "search_profiles", arguments: { query: "" } });
      expect(search.isError).toBeFalsy();
      const answer = JSON.parse((search.content as { text: string }[])[0]!.text) as { masked: boolean };
      expect(answer.masked).toBe(true);
      const forbidden = await client.callTool({ name: "list_segments", arguments: {} });
      expect(forbidden.isError).toBe(true);
      expect((forbidden.content as { text: string }[])[0]!.text).toMatch(
        /^FORBIDDEN: This needs the consent:write permission/,
      );
    } finally {
      await client.close();
    }
  });

  it("refuses to start without a token or with one that is not valid", () => {
    const none = spawnSync(process.execPath, [bin, "mcp"], {
      env: { PATH: process.env.PATH ?? "", ...childEnv, C360_TOKEN: "" },
      encoding: "utf8",
    });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/set C360_TOKEN/);
    const wrong = spawnSync(process.execPath, [bin, "mcp"], {
      env: { PATH: process.env.PATH ?? "", ...childEnv, C360_TOKEN: "c360_pat_" + "B".repeat(43) },
      encoding: "utf8",
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/not known/);
    expect(wrong.stdout).toBe("");
  });
});
