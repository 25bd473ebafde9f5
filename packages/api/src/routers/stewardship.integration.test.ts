// The stewardship procedures end to end through the router: a steward merges and undoes; errors keep their codes.
import { createProfile, createRecord, createSource, stewardActor } from "@c360/core/stewardship/stewardship-fixtures.testing";
import type { Database } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";

describe("stewardship router", () => {
  let handle: TestDatabase;
  let db: Database;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    caller = createCaller({ db, actor: await stewardActor(db) });
  });
  afterAll(async () => handle?.destroy());

  it("merges, lists the history and unmerges", async () => {
    const crm = await createSource(db, "crm");
    const p1 = await createProfile(db, [await createRecord(db, crm, { first_name: "Lea", email: "lea@example.com" })]);
    const p2 = await createProfile(db, [await createRecord(db, crm, { first_name: "Léa", email: "lea@example.com" })]);
    const merged = await caller.stewardship.mergeProfiles({ profileIds: [p1, p2], reason: "same email" });
    const history = await caller.stewardship.listMergeEvents({ profileId: p1 });
    expect(history[0]).toMatchObject({ id: merged.eventId, kind: "merge", actorLabel: "steward@example.com", undoneByEventId: null });
    const undone = await caller.stewardship.unmergeEvent({ eventId: merged.eventId, reason: "different people" });
    expect(undone.undoneEventId).toBe(merged.eventId);
    expect((await caller.stewardship.listReviewTasks()).items).toEqual([]);
  });

  it("answers bad input with BAD_REQUEST and unknown ids with NOT_FOUND", async () => {
    await expect(caller.stewardship.mergeProfiles({ profileIds: [randomUUID(), randomUUID()], reason: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.stewardship.unmergeEvent({ eventId: randomUUID(), reason: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
