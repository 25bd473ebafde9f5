// Reliability of `c360 events import`: a real child process killed with SIGKILL mid-run, then rerun, ends exactly as
// an uninterrupted run: nothing lost, nothing stored twice. PostgreSQL only: the embedded database belongs to one
// process at a time.
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
// bin/c360.mjs loads the CLI in its own process: `tsx/cli` would run it in a child that outlives a SIGKILL of its
// parent and finishes the import behind the test's back.
const binScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "c360.mjs");

function eventsJsonl(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const visitor = `anon-${i % 3000}`;
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    if (i % 997 === 5) lines.push("{broken");
    else if (i % 10 === 9)
      lines.push(
        JSON.stringify({
          type: "identify",
          messageId: `m${i}`,
          anonymousId: visitor,
          userId: `u${i % 3000}`,
          timestamp: at,
        }),
      );
    else
      lines.push(
        JSON.stringify({
          type: i % 3 ? "page" : "track",
          event: "Product Viewed",
          messageId: `m${i}`,
          anonymousId: visitor,
          name: "Product",
          timestamp: at,
        }),
      );
  }
  return lines.join("\n") + "\n";
}

function runEventsImport(url: string, args: string[]) {
  const child = spawn(process.execPath, [binScript, "events", "import", ...args], {
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

describe.skipIf(!databaseUrl)("c360 events import killed with SIGKILL (PostgreSQL)", () => {
  let handle: DatabaseHandle;
  let url: string;
  let dir: string;
  const name = `c360_test_events_kill_${process.pid}_${randomBytes(4).toString("hex")}`;

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
    dir = mkdtempSync(path.join(tmpdir(), "c360-events-kill-"));
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    const admin = await openDatabase({ url: databaseUrl!, maxConnections: 1 });
    await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const stateOf = async (source: string) => {
    const [row] = await queryRows<{ events: number; distinct_ids: number; aliases: number; waiting: number }>(
      handle.db,
      sql`select
            (select count(*)::int from interactions i join sources s on s.id = i.source_id where s.name = ${source}) as events,
            (select count(distinct external_id)::int from interactions i join sources s on s.id = i.source_id where s.name = ${source}) as distinct_ids,
            (select count(*)::int from event_aliases a join sources s on s.id = a.source_id where s.name = ${source}) as aliases,
            (select count(*)::int from interactions i join sources s on s.id = i.source_id where s.name = ${source} and i.unattributed_reason is not null) as waiting`,
    );
    const batches = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`select b.status, b.rows_total, b.rows_accepted, b.rows_unchanged, b.rows_rejected, b.errors from import_batches b
          join sources s on s.id = b.source_id where s.name = ${source} order by b.started_at`,
    );
    return { ...row!, batchRows: batches };
  };

  it("resumes after the kill: nothing lost, nothing duplicated, counts equal an uninterrupted run", async () => {
    const file = path.join(dir, "events.jsonl");
    writeFileSync(file, eventsJsonl(30_000));
    const common = ["--file", file, "--chunk-size", "500"];

    const killed = runEventsImport(url, ["--source", "killed", ...common]);
    for (;;) {
      const [batch] = await queryRows<{ checkpoint: number }>(
        handle.db,
        sql`select b.checkpoint from import_batches b join sources s on s.id = b.source_id where s.name = 'killed'`,
      );
      if (batch && batch.checkpoint >= 3000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");
    const afterKill = await stateOf("killed");
    expect(afterKill.batchRows[0]).toMatchObject({ status: "running" });
    expect(afterKill.events).toBeLessThan(29_970);

    const rerun = await runEventsImport(url, ["--source", "killed", ...common]).exited;
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toMatch(/resumed after an interrupted run/);
    const reference = await runEventsImport(url, ["--source", "reference", ...common]).exited;
    expect(reference.code, reference.output).toBe(0);

    const [killedState, referenceState] = [await stateOf("killed"), await stateOf("reference")];
    expect(killedState.events).toBe(30_000 - 31);
    expect(killedState.distinct_ids).toBe(killedState.events);
    expect(killedState).toEqual(referenceState);
    expect(killedState.batchRows[0]).toMatchObject({
      status: "completed",
      rows_total: 30_000,
      rows_rejected: 31,
      rows_unchanged: 0,
    });
  }, 600_000);
});
