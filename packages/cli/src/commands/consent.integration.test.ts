// `c360 consent import` end to end in-process: the embedded database in a folder of its own (or a fresh PostgreSQL
// database with DATABASE_URL), a real file, the exit code, the printed summary and what the ledger holds after.
import { openDatabase, queryRows } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { systemActor } from "@c360/core/actor";
import { ensureStandardPurposes } from "@c360/core/consent/manage-purposes";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe("c360 consent import", () => {
  const dir = mkdtempSync(join(tmpdir(), "c360-consent-cli-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  let testDb: TestDatabase | null = null;

  beforeAll(async () => {
    if (saved.url) {
      testDb = await createTestDatabase();
      process.env.DATABASE_URL = testDb.url!;
      await ensureStandardPurposes(testDb.db, systemActor("test"));
      await testDb.close();
    } else {
      process.env.C360_DATA_DIR = join(dir, "db");
      const handle = await openDatabase();
      await migrateDatabase(handle);
      await ensureStandardPurposes(handle.db, systemActor("test"));
      await handle.close();
    }
  });
  afterAll(async () => {
    if (testDb) await testDb.destroy().catch(() => undefined);
    if (saved.url) process.env.DATABASE_URL = saved.url;
    process.env.C360_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });

  it("records good rows, reports the bad ones by number, and records nothing twice on a re-run", async () => {
    const file = join(dir, "consents.jsonl");
    writeFileSync(
      file,
      [
        {
          email: "ann@example.com",
          purpose: "marketing.email",
          status: "given",
          captured_at: "2026-01-01T00:00:00Z",
        },
        {
          subject: { phone: "+1 415 555 0101" },
          purpose: "marketing.sms",
          status: "withdrawn",
          capturedAt: "2026-01-02T00:00:00Z",
        },
        { email: "bob@example.com", purpose: "marketing.carrier_pigeon", status: "given" },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    const first = capture();
    expect(await runCli(["consent", "import", "--file", file], first.io)).toBe(0);
    expect(first.out.join("\n")).toContain(
      "3 rows, 2 recorded (2 not yet attributed to a profile), 0 already recorded, 1 rejected",
    );
    expect(first.err.join("\n")).toContain("row 3: Unknown consent purpose marketing.carrier_pigeon");
    const again = capture();
    expect(await runCli(["consent", "import", "--file", file], again.io)).toBe(0);
    expect(again.out.join("\n")).toContain(
      "0 recorded (0 not yet attributed to a profile), 2 already recorded, 1 rejected",
    );

    const handle = await openDatabase();
    try {
      const rows = await queryRows<{ n: number | string }>(
        handle.db,
        sql`select count(*) as n from consent_events`,
      );
      expect(Number(rows[0]!.n)).toBe(2);
    } finally {
      await handle.close();
    }
  });

  it("refuses a missing file with exit 1 and bad options with exit 2", async () => {
    const missing = capture();
    expect(await runCli(["consent", "import", "--file", join(dir, "nope.csv")], missing.io)).toBe(1);
    expect(missing.err.join("\n")).toContain("no such file");
    const bad = capture();
    expect(await runCli(["consent", "import"], bad.io)).toBe(2);
    expect(bad.err.join("\n")).toContain("--file is required");
  });
});
