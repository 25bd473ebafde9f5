// Reliability of `c360 import`: a real child process killed with SIGKILL mid-run, then rerun, ends exactly as an
// uninterrupted run. PostgreSQL only: the embedded database belongs to one process at a time.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const databaseUrl = process.env.DATABASE_URL;
// bin/c360.mjs loads the CLI in its own process: `tsx/cli` ran it in a child that outlived the SIGKILL of its parent
// and finished the import behind the test's back, so the test passed without a crash ever happening.
const binScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "c360.mjs");

function peopleCsv(n: number): string {
  const lines = ["record_id,first_name,last_name,email,phone,dob"];
  for (let i = 0; i < n; i++) {
    // Every 997th row has no id: rejected rows must be counted once, not once per run.
    lines.push(
      `${i % 997 === 5 ? "" : `r${i}`},Name${i % 300},Family${i % 211},person${i}@example.com,+1 415 555 ${String(i % 10000).padStart(4, "0")},1970-01-${String((i % 28) + 1).padStart(2, "0")}`,
    );
  }
  return lines.join("\n") + "\n";
}

function runImport(url: string, args: string[]) {
  const child = spawn(process.execPath, [binScript, "import", ...args], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

describe.skipIf(!databaseUrl)("c360 import killed with SIGKILL (PostgreSQL)", () => {
  let handle: DatabaseHandle;
  let url: string;
  let dir: string;
  const name = `c360_test_kill_${process.pid}_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    const base = assertLocalDatabaseUrl(databaseUrl!);
    const admin = await openDatabase({ url: databaseUrl!, maxConnections: 1 });
    await admin.db.execute(sql.raw(`create database "${name}"`));
    await admin.close();
    const target = new URL(base.toString());
    target.pathname = `/${name}`;
    url = target.toString();
    handle = await openDatabase({ url, maxConnections: 2 });
    await migrateDatabase(handle);
    dir = mkdtempSync(path.join(tmpdir(), "c360-kill-"));
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    const admin = await openDatabase({ url: databaseUrl!, maxConnections: 1 });
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const stateOf = async (source: string) => {
    const [row] = await queryRows<{ records: number; versions: number; batches: number }>(
      handle.db,
      sql`select
            (select count(*)::int from source_records r join sources s on s.id = r.source_id where s.name = ${source}) as records,
            (select count(*)::int from source_record_versions v join source_records r on r.id = v.record_id
               join sources s on s.id = r.source_id where s.name = ${source}) as versions,
            (select count(*)::int from import_batches b join sources s on s.id = b.source_id where s.name = ${source}) as batches`,
    );
    const batches = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`select b.status, b.rows_total, b.rows_accepted, b.rows_unchanged, b.rows_rejected, b.errors from import_batches b
          join sources s on s.id = b.source_id where s.name = ${source} order by b.started_at`,
    );
    return { ...row!, batchRows: batches };
  };

  it("resumes after the kill: nothing lost, nothing duplicated, counts equal an uninterrupted run", async () => {
    const file = path.join(dir, "people.csv");
    writeFileSync(file, peopleCsv(30_000));
    const common = ["--file", file, "--chunk-size", "500", "--no-resolve"];

    const killed = runImport(url, ["--source", "killed", ...common]);
    // Kill once a few chunks have committed, while the rest is still to come.
    for (;;) {
      const [batch] = await queryRows<{ checkpoint: number; status: string }>(
        handle.db,
        sql`select b.checkpoint, b.status from import_batches b join sources s on s.id = b.source_id where s.name = 'killed'`,
      );
      if (batch && batch.checkpoint >= 1500) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");
    const afterKill = await stateOf("killed");
    expect(afterKill.batchRows[0]).toMatchObject({ status: "running" });
    expect(afterKill.records).toBeLessThan(30_000);
    // Nothing goes on writing after the kill: a surviving process would make this test pass without a crash.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await stateOf("killed")).records).toBe(afterKill.records);

    const rerun = await runImport(url, ["--source", "killed", ...common]).exited;
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toMatch(/resumed after an interrupted run/);

    const reference = await runImport(url, ["--source", "reference", ...common]).exited;
    expect(reference.code, reference.output).toBe(0);

    const [killedState, referenceState] = [await stateOf("killed"), await stateOf("reference")];
    expect(killedState.records).toBe(referenceState.records);
    expect(killedState.versions).toBe(referenceState.versions);
    expect(killedState.batches).toBe(1);
    expect(killedState.batchRows).toEqual(referenceState.batchRows);
    expect(killedState.batchRows[0]).toMatchObject({ status: "completed", rows_total: 30_000 });
  }, 600_000);
});
