import { interactions } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { getCustomerHealth } from "./get-customer-health";

const DAY = 86_400_000;

describe("getCustomerHealth", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("counts profiles active this quarter, last quarter and never, as of a date", async () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(await getCustomerHealth(handle.db, now)).toEqual({
      profiles: 0,
      activeLast90Days: 0,
      activePrevious90Days: 0,
      neverActive: 0,
    });
    const source = await createSource(handle.db, "shop");
    // Days since each person's interactions: now and a quarter ago, this quarter only, last quarter only, never,
    // and one whose only event lies after the as-of date (not counted as active).
    const people: number[][] = [[10, 120], [5], [100], [], [-3]];
    for (const [i, ages] of people.entries()) {
      const record = await createRecord(handle.db, source, { first_name: `P${i}`, last_name: "Tester" });
      const profileId = await createProfile(handle.db, [record]);
      for (const age of ages)
        await handle.db.insert(interactions).values({
          profileId,
          sourceRecordId: record,
          sourceId: source,
          channel: "web",
          type: "page",
          occurredAt: new Date(now.getTime() - age * DAY),
        });
    }
    expect(await getCustomerHealth(handle.db, now)).toEqual({
      profiles: 5,
      activeLast90Days: 2,
      activePrevious90Days: 2,
      neverActive: 1,
    });
  });
});
