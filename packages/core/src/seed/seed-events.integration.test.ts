// The demo's interactions arrive through ingestEvents like any source's events: Segment track messages, each on its
// record's profile, in the channel of its name.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { seedDemoData } from "./seed-demo-data";

describe("demo seed events", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("sends the demo's interactions through the events path, attributed by userId, once", async () => {
    const first = await seedDemoData(handle.db, systemActor("seed"), { persons: 60 });
    expect(first.interactions).toBeGreaterThan(100);
    const [state] = await queryRows<{
      total: number;
      tracked: number;
      by_user: number;
      on_record_profile: number;
      channels: number;
    }>(
      handle.db,
      sql`select count(*)::int as total, count(*) filter (where i.message_type = 'track')::int as tracked,
            count(*) filter (where i.attributed_by = 'user_id')::int as by_user,
            count(*) filter (where i.profile_id = r.profile_id and i.profile_id is not null)::int as on_record_profile,
            count(distinct i.channel)::int as channels
          from interactions i left join source_records r on r.id = i.source_record_id`,
    );
    expect(state).toEqual({
      total: first.interactions,
      tracked: first.interactions,
      by_user: first.interactions,
      on_record_profile: first.interactions,
      channels: 8,
    });
    const audited = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action = 'events.ingest'`,
    );
    expect(audited[0]!.n).toBeGreaterThan(0);
  });
});
