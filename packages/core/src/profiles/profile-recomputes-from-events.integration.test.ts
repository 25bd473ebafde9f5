// The 360 view recomputes from events as they arrive: engagement, churn risk and segment membership are read from
// the interactions at each view (nothing cached to go stale), and a clear read of the timeline is audited.
import { queryRows } from "@c360/db/client";
import { interactions } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSegment } from "../activation/manage-segments";
import { getProfileView } from "./get-profile-view";
import { readProfileTimeline } from "./list-profile-timeline";
import { seedPersonalDataFixture, type PersonalDataFixture } from "./personal-data-fixture.testing";

const DAY = 86_400_000;

describe("profile view from arriving events", () => {
  let handle: TestDatabase;
  let fixture: PersonalDataFixture;
  let segmentId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedPersonalDataFixture(handle.db);
    const segment = await saveSegment(handle.db, fixture.actors.admin, {
      name: "Bought in the last 30 days",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [
          { kind: "interactions", channel: "purchase", type: "Order Completed", withinDays: 30, atLeast: 1 },
        ],
      },
    });
    segmentId = segment.id;
  }, 240_000);
  afterAll(async () => handle?.destroy());

  it("moves engagement, churn risk and segment membership when a purchase arrives", async () => {
    const profileId = fixture.pamelaProfileId;
    const before = await getProfileView(handle.db, fixture.actors.steward, { id: profileId });
    expect(before.engagement.daysSinceLastInteraction).toBeNull();
    expect(before.engagement.churnRisk).toBe("high");
    expect(before.segments).toEqual([]);

    const [record] = await queryRows<{ id: string; source_id: string }>(
      handle.db,
      sql`select id, source_id from source_records where profile_id = ${profileId} limit 1`,
    );
    const now = Date.now();
    await handle.db.insert(interactions).values(
      Array.from({ length: 30 }, (_, i) => ({
        profileId,
        sourceRecordId: record!.id,
        sourceId: record!.source_id,
        channel: "purchase" as const,
        type: "Order Completed",
        messageType: "track" as const,
        event: "Order Completed",
        occurredAt: new Date(now - (i * 7 + 1) * DAY),
        amount: "120.00",
        currency: "EUR",
        properties: { order_id: `o-${i}` },
      })),
    );

    const after = await getProfileView(handle.db, fixture.actors.steward, { id: profileId });
    expect(after.engagement.daysSinceLastInteraction).toBe(1);
    expect(after.engagement.churnRisk).toBe("low");
    expect(after.engagement.engagementLevel).toBe("high");
    expect(after.segments.map((s) => s.segmentId)).toEqual([segmentId]);
    expect(after.timeline.total).toBe(30);
    expect(after.summary).toMatch(/Engagement is high/);
    // Greta has no purchase: the same segment does not hold her.
    const greta = await getProfileView(handle.db, fixture.actors.steward, { id: fixture.gretaProfileId });
    expect(greta.segments).toEqual([]);
  });

  it("audits a clear read of the timeline, and not a masked one", async () => {
    const count = async (userId: string | null) =>
      (
        await queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from audit_log where actor_user_id = ${userId} and action = 'profile.view_pii' and details->>'part' = 'timeline'`,
        )
      )[0]!.n;
    const steward = fixture.actors.steward;
    const analyst = fixture.actors.analyst;
    const stewardBefore = await count(steward.userId);
    const clear = await readProfileTimeline(handle.db, steward, {
      profileId: fixture.gretaProfileId,
      page: 1,
      pageSize: 20,
    });
    expect(JSON.stringify(clear.entries)).toContain("sonnenblume77");
    expect(await count(steward.userId)).toBe(stewardBefore + 1);
    const masked = await readProfileTimeline(handle.db, analyst, {
      profileId: fixture.gretaProfileId,
      page: 1,
      pageSize: 20,
    });
    expect(JSON.stringify(masked.entries)).not.toContain("sonnenblume77");
    expect(await count(analyst.userId)).toBe(0);
  });
});
