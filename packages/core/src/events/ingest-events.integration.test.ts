import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { watchProfileChanges } from "../profiles/watch-profile-changes";
import { attachUnattributedEvents } from "./attach-unattributed-events";
import { setEventSettings } from "./event-settings";
import { createEventSource, placeRecord, storedEvents } from "./events-fixture.testing";
import { ingestEvents, type EventSource } from "./ingest-events";

const actor = systemActor("test");
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe("ingestEvents", () => {
  let handle: TestDatabase;
  let web: EventSource;
  let crm: EventSource;

  beforeAll(async () => {
    handle = await createTestDatabase();
    web = await createEventSource(handle.db, "web");
    crm = await createEventSource(handle.db, "crm", "crm");
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("stores a message once by messageId, and says which were accepted, duplicate or rejected", async () => {
    const { db } = handle;
    await placeRecord(db, web.id, "u-1");
    const batch = [
      {
        type: "track",
        messageId: "m-1",
        userId: "u-1",
        event: "Order Completed",
        properties: { total: 12.5, currency: "eur" },
        timestamp: at(1),
      },
      { type: "track", messageId: "m-1", userId: "u-1", event: "Order Completed", timestamp: at(1) },
      { type: "bogus", messageId: "m-2" },
      { type: "page", messageId: "m-3", userId: "u-1", name: "Home", timestamp: "yesterday" },
    ];
    const first = await ingestEvents(db, web, batch, actor);
    expect(first.results.map((r) => r.status)).toEqual(["accepted", "duplicate", "rejected", "rejected"]);
    expect(first.results[2]!.reason).toMatch(/Unknown message type.*"bogus"/);
    expect(first.results[3]!.reason).toMatch(/timestamp "yesterday" is not an ISO 8601/);
    const again = await ingestEvents(db, web, batch.slice(0, 1), actor);
    expect(again).toMatchObject({ accepted: 0, duplicate: 1, rejected: 0 });
    const rows = await storedEvents(db, web.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      external_id: "m-1",
      channel: "purchase",
      type: "Order Completed",
      amount: "12.5000",
      currency: "EUR",
      attributed_by: "user_id",
    });
  });

  it("gives a message without messageId a deterministic id from its content, and says so", async () => {
    const message = { type: "track", userId: "u-1", event: "Viewed", timestamp: at(2), sentAt: at(3) };
    const first = await ingestEvents(handle.db, web, [message], actor);
    const retried = await ingestEvents(handle.db, web, [{ ...message, sentAt: at(9) }], actor);
    expect(first.results[0]).toMatchObject({ status: "accepted", messageIdDerived: true });
    expect(first.results[0]!.messageId).toMatch(/^derived:[0-9a-f]{40}$/);
    expect(retried.results[0]).toMatchObject({ status: "duplicate", messageId: first.results[0]!.messageId });
  });

  it("moves earlier anonymous events to the person when an identify arrives after them", async () => {
    const { db } = handle;
    const person = await placeRecord(db, web.id, "u-2");
    const pages = Array.from({ length: 50 }, (_, i) => ({
      type: "page",
      messageId: `anon-${i}`,
      anonymousId: "a-2",
      name: "Product",
      timestamp: at(10 + i),
    }));
    const before = await ingestEvents(db, web, pages, actor);
    expect(
      before.results.every((r) => r.status === "accepted" && r.unattributedReason === "unknown_anonymous_id"),
    ).toBe(true);
    const identify = await ingestEvents(
      db,
      web,
      [
        {
          type: "identify",
          messageId: "id-2",
          anonymousId: "a-2",
          userId: "u-2",
          traits: { plan: "gold" },
          timestamp: at(70),
        },
      ],
      actor,
    );
    expect(identify.stitched).toBe(50);
    const [moved] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from interactions where anonymous_id = 'a-2' and profile_id = ${person.profileId}::uuid and attributed_by = 'anonymous_id'`,
    );
    expect(moved!.n).toBe(50);
    // Later anonymous events of the same id are attributed on arrival.
    const later = await ingestEvents(
      db,
      web,
      [{ type: "page", messageId: "anon-late", anonymousId: "a-2", timestamp: at(80) }],
      actor,
    );
    expect(later.results[0]).toMatchObject({ status: "accepted", profileId: person.profileId });
  });

  it("identify traits never change golden values: they are kept on the identify event only", async () => {
    const rows = await queryRows<{ properties: Record<string, unknown> }>(
      handle.db,
      sql`select properties from interactions where external_id = 'id-2'`,
    );
    expect(rows[0]!.properties).toEqual({ plan: "gold" });
    const [golden] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from golden_attributes`,
    );
    expect(golden!.n).toBe(0);
  });

  it("attributes by an email in context.traits when it belongs to exactly one profile, standardized like records", async () => {
    const { db } = handle;
    const ada = await placeRecord(db, crm.id, "c-ada", { email: "ada@example.com" });
    const shared1 = await placeRecord(db, crm.id, "c-s1", { email: "family@example.com" });
    await placeRecord(db, crm.id, "c-s2", { email: "family@example.com" });
    const result = await ingestEvents(
      db,
      web,
      [
        {
          type: "track",
          messageId: "e-1",
          anonymousId: "x",
          event: "Signed Up",
          context: { traits: { email: "  ADA@Example.com " } },
          timestamp: at(1),
        },
        {
          type: "track",
          messageId: "e-2",
          anonymousId: "y",
          event: "Signed Up",
          context: { traits: { email: "family@example.com" } },
          timestamp: at(1),
        },
        {
          type: "track",
          messageId: "e-3",
          event: "Signed Up",
          traits: { email: "nobody@example.com" },
          timestamp: at(1),
        },
        { type: "track", messageId: "e-4", event: "Signed Up", timestamp: at(1) },
      ],
      actor,
    );
    expect(result.results.map((r) => [r.profileId ?? null, r.unattributedReason ?? null])).toEqual([
      [ada.profileId, null],
      [null, "ambiguous_identity"],
      [null, "unknown_identity"],
      [null, "no_identity"],
    ]);
    expect(shared1.profileId).not.toBeNull();
  });

  it("keeps an event of an unknown userId waiting, and attaches it when the record is imported later", async () => {
    const { db } = handle;
    const result = await ingestEvents(
      db,
      web,
      [{ type: "track", messageId: "late-1", userId: "u-late", event: "Clicked", timestamp: at(1) }],
      actor,
    );
    expect(result.results[0]).toMatchObject({
      status: "accepted",
      profileId: null,
      unattributedReason: "unknown_user_id",
    });
    const record = await placeRecord(db, web.id, "u-late");
    expect(await attachUnattributedEvents(db, { recordIds: [record.recordId] })).toBe(1);
    const [row] = await queryRows<{ profile_id: string; attributed_by: string }>(
      db,
      sql`select profile_id, attributed_by::text from interactions where external_id = 'late-1'`,
    );
    expect(row).toEqual({ profile_id: record.profileId, attributed_by: "user_id" });
  });

  it("reads userId as the customer id of the mapped source", async () => {
    const { db } = handle;
    const app = await createEventSource(db, "app");
    await setEventSettings(db, actor, {
      sourceName: "app",
      userIdSource: "crm",
      channels: { "Ticket Opened": "ticket" },
    });
    const result = await ingestEvents(
      db,
      app,
      [{ type: "track", messageId: "app-1", userId: "c-ada", event: "Ticket Opened", timestamp: at(1) }],
      actor,
    );
    const ada = await queryRows<{ profile_id: string }>(
      db,
      sql`select profile_id from source_records where external_id = 'c-ada'`,
    );
    expect(result.results[0]).toMatchObject({ status: "accepted", profileId: ada[0]!.profile_id });
    const rows = await storedEvents(db, app.id);
    expect(rows[0]).toMatchObject({ channel: "ticket" });
  });

  it("tells open pages of the profile when its events arrive, and when an identify moves earlier ones to it", async () => {
    const { db } = handle;
    const person = await placeRecord(db, web.id, "u-live");
    const seen: string[] = [];
    const stop = await watchProfileChanges(handle, person.profileId!, (id) => seen.push(id));
    try {
      await ingestEvents(
        db,
        web,
        [{ type: "track", messageId: "live-1", userId: "u-live", event: "Clicked", timestamp: at(1) }],
        actor,
      );
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
      await ingestEvents(
        db,
        web,
        [{ type: "page", messageId: "live-2", anonymousId: "a-live", timestamp: at(2) }],
        actor,
      );
      await ingestEvents(
        db,
        web,
        [
          {
            type: "identify",
            messageId: "live-3",
            anonymousId: "a-live",
            userId: "u-live",
            timestamp: at(3),
          },
        ],
        actor,
      );
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
      expect(seen).toEqual([person.profileId, person.profileId]);
    } finally {
      stop();
    }
  });
});
