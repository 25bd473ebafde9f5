// `c360 events import` and `c360 export events` end to end in-process: the embedded database in a folder of its own
// (or a fresh PostgreSQL database with DATABASE_URL), real files, exit codes, printed summaries, what is stored.
import { openDatabase, queryRows } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe("c360 events import / export events", () => {
  const dir = mkdtempSync(join(tmpdir(), "c360-events-cli-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  let testDb: TestDatabase | null = null;

  beforeAll(async () => {
    if (saved.url) {
      testDb = await createTestDatabase();
      process.env.DATABASE_URL = testDb.url!;
      await testDb.close();
    } else {
      process.env.C360_DATA_DIR = join(dir, "db");
      const handle = await openDatabase();
      await migrateDatabase(handle);
      await handle.close();
    }
  });
  afterAll(async () => {
    if (testDb) await testDb.destroy().catch(() => undefined);
    if (saved.url) process.env.DATABASE_URL = saved.url;
    else delete process.env.DATABASE_URL;
    process.env.C360_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });

  async function stored() {
    const handle = await openDatabase();
    try {
      return await queryRows<{
        external_id: string;
        type: string;
        unattributed_reason: string | null;
        properties: Record<string, unknown>;
      }>(
        handle.db,
        sql`select external_id, type, unattributed_reason::text, properties from interactions order by external_id`,
      );
    } finally {
      await handle.close();
    }
  }

  it("imports JSON lines, reports bad rows by number, and stores nothing twice on a re-run", async () => {
    const file = join(dir, "events.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({
          type: "page",
          messageId: "p1",
          anonymousId: "a1",
          name: "Home",
          timestamp: "2026-03-01T10:00:00Z",
        }),
        "{not json",
        JSON.stringify({
          type: "track",
          messageId: "t1",
          anonymousId: "a1",
          event: "Order Completed",
          properties: { total: 5 },
          timestamp: "2026-03-01T10:05:00Z",
        }),
        JSON.stringify({ type: "launch", messageId: "x1" }),
        JSON.stringify({
          type: "track",
          messageId: "t2",
          anonymousId: "a1",
          event: "Late",
          timestamp: "2099-01-01T00:00:00Z",
        }),
      ].join("\n") + "\n",
    );
    const first = capture();
    expect(await runCli(["events", "import", "--source", "web", "--file", file], first.io)).toBe(0);
    expect(first.out[0]).toMatch(/5 events, 2 accepted, 0 duplicate, 3 rejected/);
    expect(first.out.join("\n")).toMatch(/row 2: .*JSON/);
    expect(first.out.join("\n")).toMatch(/row 4: Unknown message type: type "launch"/);
    expect(first.out.join("\n")).toMatch(/row 5: timestamp 2099-01-01T00:00:00.000Z is in the future/);
    const again = capture();
    // Same file: the completed batch is not resumed, every message is recognised as stored.
    expect(await runCli(["events", "import", "--source", "web", "--file", file], again.io)).toBe(0);
    expect(again.out[0]).toMatch(/5 events, 0 accepted, 2 duplicate, 3 rejected/);
    expect((await stored()).map((r) => r.external_id)).toEqual(["p1", "t1"]);
  });

  it("imports CSV through a column map, other columns becoming properties", async () => {
    const file = join(dir, "orders.csv");
    writeFileSync(
      file,
      "order_id,customer,placed,total,currency\nO-1,c-9,2026-03-02T09:00:00Z,19.90,EUR\nO-2,,2026-03-02T10:00:00Z,5,EUR\n",
    );
    const run = capture();
    const code = await runCli(
      [
        "events",
        "import",
        "--source",
        "orders",
        "--kind",
        "ecommerce",
        "--file",
        file,
        "--map",
        "order_id=messageId",
        "--map",
        "customer=userId",
        "--map",
        "placed=timestamp",
        "--map",
        "total=properties.total",
        "--event",
        "Order Completed",
      ],
      run.io,
    );
    expect(code, run.err.join("\n")).toBe(0);
    expect(run.out[0]).toMatch(/2 events, 2 accepted/);
    const rows = (await stored()).filter((r) => r.external_id.startsWith("O-"));
    // No type column: a file of track events, named by --event.
    expect(rows.map((r) => r.unattributed_reason)).toEqual(["unknown_user_id", "no_identity"]);
    expect(rows[0]!.properties).toEqual({ total: "19.90", currency: "EUR" });
  });

  it("refuses a column map naming a column the file lacks", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "a,b\n1,2\n");
    const run = capture();
    expect(
      await runCli(
        ["events", "import", "--source", "orders", "--file", file, "--map", "nope=userId"],
        run.io,
      ),
    ).toBe(1);
    expect(run.err.join("\n")).toMatch(/column "nope"/);
  });

  it("exports every event as CSV with its profile (empty when unattributed)", async () => {
    const out = join(dir, "events.csv");
    const run = capture();
    expect(await runCli(["export", "events", "--out", out], run.io)).toBe(0);
    expect(run.out[0]).toMatch(/4 events written/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe(
      "message_id,source,type,event,timestamp,anonymous_id,user_id,profile_id,channel,unattributed_reason",
    );
    expect(lines).toContain("p1,web,page,Home,2026-03-01T10:00:00.000Z,a1,,,web,unknown_anonymous_id");
  });
});
