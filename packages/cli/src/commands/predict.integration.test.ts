// `c360 predict` in-process on its own database (PGlite folder, or a fresh PostgreSQL database with DATABASE_URL):
// churn writes every profile's probability as of a date, from data up to that date only; train stores a version.
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { insertSyntheticCustomers } from "@c360/core/predictions/prediction-fixture.testing";
import { sql } from "drizzle-orm";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

const PEOPLE = 800;

describe("c360 predict", () => {
  const dir = mkdtempSync(join(tmpdir(), "c360-predict-cli-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  let testDb: TestDatabase | null = null;
  let ids: string[] = [];

  async function open(): Promise<DatabaseHandle> {
    return openDatabase();
  }

  beforeAll(async () => {
    if (saved.url) {
      testDb = await createTestDatabase();
      process.env.DATABASE_URL = testDb.url!;
      ids = (await insertSyntheticCustomers(testDb.db, PEOPLE, Date.UTC(2026, 9, 31))).ids;
      await testDb.close();
    } else {
      process.env.C360_DATA_DIR = join(dir, "db");
      const handle = await open();
      await migrateDatabase(handle);
      ids = (await insertSyntheticCustomers(handle.db, PEOPLE, Date.UTC(2026, 9, 31))).ids;
      await handle.close();
    }
  }, 240_000);
  afterAll(async () => {
    if (testDb) await testDb.destroy().catch(() => undefined);
    if (saved.url) process.env.DATABASE_URL = saved.url;
    process.env.C360_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes profile_id,churn_probability for every profile as of the date, the same whatever came later", async () => {
    const out = join(dir, "churn.csv");
    let c = capture();
    expect(
      await runCli(["predict", "churn", "--as-of", "2026-08-31", "--horizon-days", "60", "--out", out], c.io),
    ).toBe(0);
    expect(c.out[0]).toBe(
      `c360 predict: churn probabilities of ${PEOPLE} profiles as of 2026-08-31T23:59:59.999Z written to ${out}`,
    );
    expect(c.out[1]).toMatch(/AUC 0\.\d{3} \(recency alone 0\.\d{3}, rule-based score 0\.\d{3}\)/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("profile_id,churn_probability");
    expect(lines).toHaveLength(PEOPLE + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(new Set(ids));
    for (const line of lines.slice(1)) expect(line).toMatch(/^[0-9a-f-]{36},0\.\d{6}$/);

    // An order after the as-of date for every customer changes no line.
    const handle = await open();
    await handle.db.execute(
      sql`insert into interactions (profile_id, source_id, external_id, channel, type, occurred_at, amount, currency)
          select id, gen_random_uuid(), id::text, 'purchase', 'order', '2026-09-15T00:00:00Z', 50, 'USD' from profiles`,
    );
    await handle.close();
    const again = join(dir, "churn-again.csv");
    c = capture();
    expect(
      await runCli(
        ["predict", "churn", "--as-of", "2026-08-31", "--horizon-days", "60", "--out", again],
        c.io,
      ),
    ).toBe(0);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(out, "utf8"));
  });

  it("trains and stores a model version with every profile's score", async () => {
    // As of today everybody has the order added above in the last window: nobody churned, nothing to learn from.
    let c = capture();
    expect(await runCli(["predict", "train", "--horizon-days", "60"], c.io)).toBe(1);
    expect(c.err.join("\n")).toMatch(/Not enough history to train: .* has 0 people who churned/);
    c = capture();
    expect(await runCli(["predict", "train", "--as-of", "2026-08-31", "--horizon-days", "60"], c.io)).toBe(0);
    expect(c.out[0]).toMatch(
      new RegExp(`^c360 predict: churn model version 1 trained .* ${PEOPLE} profiles scored`),
    );
    const handle = await open();
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from profile_predictions`,
    );
    await handle.close();
    expect(row!.n).toBe(PEOPLE);
  });

  it("names what is wrong with the command line", async () => {
    let c = capture();
    expect(await runCli(["predict", "churn", "--out", join(dir, "x.csv")], c.io)).toBe(2);
    expect(c.err.join("\n")).toContain("--as-of YYYY-MM-DD is required");
    c = capture();
    expect(
      await runCli(
        ["predict", "churn", "--as-of", "2026-08-31", "--horizon-days", "ninety", "--out", "x"],
        c.io,
      ),
    ).toBe(2);
    expect(c.err.join("\n")).toContain('--horizon-days takes a whole number of days, not "ninety"');
    c = capture();
    expect(await runCli(["predict", "train", "--as-of", "31/08/2026"], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("The as-of date is a day as YYYY-MM-DD.");
  });
});
