// Events follow their records through merges, unmerges and splits, and consent on a message reaches the ledger
// with the message as proof.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { createPurpose } from "../consent/manage-purposes";
import { mergeProfiles } from "../stewardship/merge-profiles";
import { splitProfile } from "../stewardship/split-profile";
import { unmergeEvent } from "../stewardship/unmerge-event";
import { demoActor } from "../users/demo-actor.testing";
import { setEventSettings } from "./event-settings";
import { createEventSource, placeRecord } from "./events-fixture.testing";
import { ingestEvents, type EventSource } from "./ingest-events";

const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

async function profilesOfEvents(
  db: TestDatabase["db"],
  prefix: string,
): Promise<Record<string, string | null>> {
  const rows = await queryRows<{ external_id: string; profile_id: string | null }>(
    db,
    sql`select external_id, profile_id from interactions where external_id like ${`${prefix}%`} order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.profile_id]));
}

describe("events follow identity", () => {
  let handle: TestDatabase;
  let shop: EventSource;
  let steward: Actor;
  let admin: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    shop = await createEventSource(handle.db, "shop", "ecommerce");
    steward = await demoActor(handle.db, "steward@example.com");
    admin = await demoActor(handle.db, "admin@example.com");
  });
  afterAll(async () => handle?.destroy());

  it("moves events with their records on a merge, back on its unmerge, and out with a split", async () => {
    const { db } = handle;
    const a = await placeRecord(db, shop.id, "s-a");
    const b = await placeRecord(db, shop.id, "s-b");
    await ingestEvents(
      db,
      shop,
      [
        { type: "track", messageId: "mv-a", userId: "s-a", event: "Order Completed", timestamp: at(1) },
        { type: "track", messageId: "mv-b", userId: "s-b", event: "Order Completed", timestamp: at(2) },
      ],
      admin,
    );
    expect(await profilesOfEvents(db, "mv-")).toEqual({ "mv-a": a.profileId, "mv-b": b.profileId });

    const merge = await mergeProfiles(db, steward, {
      profileIds: [a.profileId!, b.profileId!],
      survivorId: a.profileId!,
      reason: "same person",
    });
    expect(await profilesOfEvents(db, "mv-")).toEqual({ "mv-a": a.profileId, "mv-b": a.profileId });
    await unmergeEvent(db, steward, { eventId: merge.eventId, reason: "not the same" });
    expect(await profilesOfEvents(db, "mv-")).toEqual({ "mv-a": a.profileId, "mv-b": b.profileId });

    const merged = await mergeProfiles(db, steward, {
      profileIds: [a.profileId!, b.profileId!],
      survivorId: a.profileId!,
      reason: "same person after all",
    });
    expect(merged.survivorId).toBe(a.profileId);
    const split = await splitProfile(db, steward, {
      profileId: a.profileId!,
      recordIds: [b.recordId],
      reason: "two people",
    });
    expect(await profilesOfEvents(db, "mv-")).toEqual({ "mv-a": a.profileId, "mv-b": split.newProfileId });
  });

  it("records consent carried on a message in the ledger once, with the message as proof", async () => {
    const { db } = handle;
    const person = await placeRecord(db, shop.id, "s-consent");
    await createPurpose(db, admin, { key: "ads", name: "Advertising", legalBasis: "consent" });
    await setEventSettings(db, admin, { sourceName: "shop", consentPurposes: { advertising: "ads" } });
    const message = {
      type: "track",
      messageId: "consent-1",
      userId: "s-consent",
      event: "Consent Updated",
      timestamp: at(3),
      context: { consent: { categoryPreferences: { advertising: false, analytics: true } } },
    };
    await ingestEvents(db, shop, [message], admin);
    await ingestEvents(db, shop, [message], admin);
    const ledger = await queryRows<{
      status: string;
      method: string;
      origin: string;
      profile_id: string;
      key: string;
    }>(
      db,
      sql`select e.status::text, e.method, e.origin, e.profile_id, p.key from consent_events e join consent_purposes p on p.id = e.purpose_id order by e.id`,
    );
    // analytics is not mapped: not guessed at.
    expect(ledger).toEqual([
      {
        status: "refused",
        method: "event",
        origin: "event shop/consent-1",
        profile_id: person.profileId,
        key: "ads",
      },
    ]);
  });

  it("records a GPC signal on a message as the refusal of sale and sharing", async () => {
    const { db } = handle;
    await placeRecord(db, shop.id, "s-gpc");
    await ingestEvents(
      db,
      shop,
      [{ type: "page", messageId: "gpc-1", userId: "s-gpc", timestamp: at(4), context: { gpc: true } }],
      admin,
    );
    const refusals = await queryRows<{ method: string; status: string }>(
      db,
      sql`select method, status::text from consent_events where origin = 'event shop/gpc-1'`,
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.method === "gpc" && r.status === "refused")).toBe(true);
  });
});
