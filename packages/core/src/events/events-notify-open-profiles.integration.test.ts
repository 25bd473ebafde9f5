// The live 360 view (issue 19, decision 0902): an open profile page hears of every event that reaches its profile
// through the one channel it listens on (c360_profiles): an event attributed on arrival, and earlier anonymous
// events an identify moves onto it. Nothing is heard for an event that waits.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { watchProfileChanges } from "../profiles/watch-profile-changes";
import { createEventSource, placeRecord } from "./events-fixture.testing";
import { ingestEvents, type EventSource } from "./ingest-events";

describe("events tell open profile pages", () => {
  let handle: TestDatabase;
  let shop: EventSource;
  let profileId: string;
  const actor = systemActor("notify-test");

  beforeAll(async () => {
    handle = await createTestDatabase();
    shop = await createEventSource(handle.db, "notify-shop", "ecommerce");
    profileId = (await placeRecord(handle.db, shop.id, "cust-1")).profileId!;
  });
  afterAll(async () => handle?.destroy());

  it("notifies the profile an event is attributed to, and the one an identify moves anonymous events to", async () => {
    const heard: string[] = [];
    const stop = await watchProfileChanges(handle, profileId, (id) => heard.push(id));
    try {
      await ingestEvents(
        handle.db,
        shop,
        [
          {
            type: "page",
            messageId: "n-anon-1",
            anonymousId: "anon-n",
            name: "Home",
            timestamp: new Date().toISOString(),
          },
        ],
        actor,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      const order = await ingestEvents(
        handle.db,
        shop,
        [
          {
            type: "track",
            messageId: "n-1",
            userId: "cust-1",
            event: "Order Completed",
            timestamp: new Date().toISOString(),
          },
        ],
        actor,
      );
      expect(order.results[0]).toMatchObject({ status: "accepted", profileId });
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1);
      await ingestEvents(
        handle.db,
        shop,
        [
          {
            type: "identify",
            messageId: "n-id",
            userId: "cust-1",
            anonymousId: "anon-n",
            timestamp: new Date().toISOString(),
          },
        ],
        actor,
      );
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2);
      expect(new Set(heard)).toEqual(new Set([profileId]));
    } finally {
      stop();
    }
  });
});
