// A command on a database without migrations: a new, empty one is migrated first; one behind this version's
// migrations gets a message naming the command to run (never a raw "Failed query" from a missing table).
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase, migrationsFolder } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

const postgresUrl = process.env.DATABASE_URL;

describe.each([
  { name: "the embedded database (a fresh data dir)", postgres: false },
  ...(postgresUrl ? [{ name: "PostgreSQL (a new, empty database)", postgres: true }] : []),
])("c360 commands on $name", ({ postgres }) => {
  const dir = mkdtempSync(join(tmpdir(), "c360-cli-migrate-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  const created: string[] = [];
  const csv = join(dir, "people.csv");
  writeFileSync(
    csv,
    "record_id,first_name,last_name,email\nr1,Ada,Lovelace,ada@example.org\nr2,Alan,Turing,alan@example.org\n",
  );

  /** A new, empty database for the commands (DATABASE_URL or C360_DATA_DIR pointed at it); opens it for the test. */
  async function freshDatabase(): Promise<() => Promise<DatabaseHandle>> {
    if (postgres) {
      const name = `c360_test_cli_migrate_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = await openDatabase({ url: postgresUrl!, maxConnections: 1 });
      await admin.db.execute(sql.raw(`create database "${name}"`));
      await admin.close();
      created.push(name);
      const target = new URL(assertLocalDatabaseUrl(postgresUrl!).toString());
      target.pathname = `/${name}`;
      process.env.DATABASE_URL = target.toString();
      return () => openDatabase({ url: target.toString(), maxConnections: 1 });
    }
    const dataDir = mkdtempSync(join(dir, "data-"));
    delete process.env.DATABASE_URL;
    process.env.C360_DATA_DIR = dataDir;
    return () => openDatabase({ dataDir });
  }

  async function recordCount(open: () => Promise<DatabaseHandle>): Promise<number> {
    const handle = await open();
    try {
      const [row] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from source_records`,
      );
      return row!.n;
    } finally {
      await handle.close();
    }
  }

  afterAll(async () => {
    if (saved.url) process.env.DATABASE_URL = saved.url;
    else delete process.env.DATABASE_URL;
    process.env.C360_DATA_DIR = saved.dir;
    if (created.length) {
      const admin = await openDatabase({ url: postgresUrl!, maxConnections: 1 });
      for (const name of created)
        await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("migrates a new, empty database before `c360 import`, says so, and imports", async () => {
    const open = await freshDatabase();
    const run = capture();
    expect(await runCli(["import", "--source", "crm", "--file", csv, "--no-resolve"], run.io)).toBe(0);
    expect(run.err.join("\n")).toMatch(/new database .*applying its \d+ migrations first/);
    expect(run.err.join("\n")).not.toContain("Failed query");
    expect(await recordCount(open)).toBe(2);
    // Once migrated, nothing more is said about migrations.
    const again = capture();
    expect(await runCli(["import", "--source", "crm", "--file", csv, "--no-resolve"], again.io)).toBe(0);
    expect(again.err.join("\n")).not.toMatch(/migration/);
  });

  it("names `c360 setup` for a database behind this version's migrations, and changes nothing until it is run", async () => {
    const open = await freshDatabase();
    // A database made by the previous version: every migration but the last applied.
    const previous = join(dir, "previous-migrations");
    cpSync(migrationsFolder, previous, { recursive: true });
    const journalFile = join(previous, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const last = journal.entries.pop()!;
    writeFileSync(journalFile, JSON.stringify(journal));
    const handle = await open();
    await migrateDatabase(handle, previous);
    await handle.close();

    const run = capture();
    expect(await runCli(["import", "--source", "crm", "--file", csv, "--no-resolve"], run.io)).toBe(1);
    expect(run.err.join("\n")).toContain(
      `1 migration behind this version of c360 (next: ${last.tag}). Run \`npx c360 setup --no-demo\``,
    );
    expect(run.err.join("\n")).not.toContain("Failed query");
    expect(await recordCount(open)).toBe(0);
    const setup = capture();
    expect(await runCli(["setup", "--no-demo"], setup.io)).toBe(0);
    const after = capture();
    expect(await runCli(["import", "--source", "crm", "--file", csv, "--no-resolve"], after.io)).toBe(0);
    expect(await recordCount(open)).toBe(2);
  });
});
