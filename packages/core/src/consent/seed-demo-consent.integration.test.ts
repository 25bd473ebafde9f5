import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { seedDemoData } from "../seed/seed-demo-data";
import { seedDemoConsent } from "./seed-demo-consent";

describe("demo consent", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoData(handle.db, systemActor("seed"), { persons: 120 });
  });
  afterAll(async () => handle?.destroy());

  it("gives demo people a mix of given, refused and withdrawn consent on versioned notices, projected from the ledger", async () => {
    const statuses = await queryRows<{ status: string; n: number | string }>(
      handle.db,
      sql`select status::text as status, count(*) as n from consent_state group by 1`,
    );
    const count = (s: string) => Number(statuses.find((r) => r.status === s)?.n ?? 0);
    expect(count("given")).toBeGreaterThan(50);
    expect(count("withdrawn")).toBeGreaterThan(0);
    expect(count("refused")).toBeGreaterThan(0);
    const versions = await queryRows<{ version: number }>(
      handle.db,
      sql`select distinct n.version from consent_events e join consent_notices n on n.id = e.notice_id where n.notice_key = 'newsletter-signup' order by 1`,
    );
    expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
    // The projection is exactly the latest effective event per profile, purpose and channel.
    const mismatches = await queryRows(
      handle.db,
      sql`select 1 from consent_state cs join lateral (
            select e.id from consent_events e where e.profile_id = cs.profile_id and e.purpose_id = cs.purpose_id and e.channel = cs.channel
            order by e.effective_at desc, e.id desc limit 1) latest on true
          where latest.id <> cs.last_event_id`,
    );
    expect(mismatches).toEqual([]);
    expect(await seedDemoConsent(handle.db, systemActor("seed"))).toEqual({ events: 0 });
  });
});
