import type { Database } from "@c360/db/client";
import { reviewTasks } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { PROFILE_CHANNEL } from "../profiles/watch-profile-changes";
import { decideReviewTask } from "./decide-review-task";
import { linkRecord } from "./link-record";
import { mergeProfiles } from "./merge-profiles";
import { splitProfile } from "./split-profile";
import { createProfile, createRecord, createSource, stewardActor } from "./stewardship-fixtures.testing";
import { unlinkRecord } from "./unlink-record";
import { unmergeEvent } from "./unmerge-event";

// Every steward change NOTIFYs c360_profiles with each profile it touched, so an open profile page updates live.
describe("steward changes notify open profile pages", () => {
  let handle: TestDatabase;
  let db: Database;
  let actor: Actor;
  let crm: string;
  const heard: string[] = [];
  let unlisten: () => Promise<void>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    actor = await stewardActor(db);
    crm = await createSource(db, "crm");
    // A LISTEN of its own, as another server process would hold: on PostgreSQL a separate connection, on PGlite
    // the in-process client's listen (what watchProfileChanges uses there).
    if (handle.url) {
      const { default: postgres } = await import("postgres");
      const listener = postgres(handle.url, { max: 1, onnotice: () => {} });
      await listener.listen(PROFILE_CHANNEL, (payload) => heard.push(payload));
      unlisten = async () => listener.end({ timeout: 5 });
    } else {
      const client = (
        db as unknown as {
          $client: { listen: (c: string, f: (p: string) => void) => Promise<() => Promise<void>> };
        }
      ).$client;
      unlisten = await client.listen(PROFILE_CHANNEL, (payload) => heard.push(payload));
    }
  });
  afterAll(async () => {
    await unlisten?.();
    await handle?.destroy();
  });
  beforeEach(() => {
    heard.length = 0;
  });

  const person = (last: string) =>
    createRecord(db, crm, { first_name: "Ada", last_name: last, email: `${last.toLowerCase()}@example.com` });
  const heardSoon = (ids: string[]) =>
    expect.poll(() => [...new Set(heard)].sort(), { timeout: 10_000 }).toEqual([...ids].sort());

  it("merge and its undo notify every profile they touched, the retired one included", async () => {
    const p1 = await createProfile(db, [await person("Lovelace")]);
    const p2 = await createProfile(db, [await person("Lovelace")]);
    const merged = await mergeProfiles(db, actor, {
      profileIds: [p1, p2],
      survivorId: p1,
      reason: "same person",
    });
    await heardSoon([p1, p2]);

    heard.length = 0;
    await unmergeEvent(db, actor, { eventId: merged.eventId, reason: "not the same person" });
    await heardSoon([p1, p2]);
  });

  it("split, link and unlink notify the profiles on both sides", async () => {
    const [a, b, c] = [await person("Byron"), await person("Byron"), await person("Byron")];
    const profile = await createProfile(db, [a, b, c]);
    const split = await splitProfile(db, actor, {
      profileId: profile,
      recordIds: [c],
      reason: "c is someone else",
    });
    await heardSoon([profile, split.newProfileId]);

    heard.length = 0;
    await linkRecord(db, actor, { recordId: c, profileId: profile, reason: "c is Ada after all" });
    await heardSoon([profile, split.newProfileId]);

    heard.length = 0;
    const unlinked = await unlinkRecord(db, actor, { recordId: b, reason: "b is a namesake" });
    await heardSoon([profile, unlinked.newProfileId]);
  });

  it("a review-task merge notifies; a refused action notifies nothing", async () => {
    const r1 = await person("King");
    const r2 = await person("King");
    const p1 = await createProfile(db, [r1]);
    const p2 = await createProfile(db, [r2]);
    const [task] = await db
      .insert(reviewTasks)
      .values({ kind: "pair", recordIds: [r1, r2].sort(), profileIds: [p1, p2].sort(), score: 0.7 })
      .returning();
    await decideReviewTask(db, actor, { taskId: task!.id, decision: "merge" });
    await heardSoon([p1, p2]);

    heard.length = 0;
    // p2 is now a redirect: merging it again is refused and the transaction, NOTIFY and all, rolls back.
    const p3 = await createProfile(db, [await person("King")]);
    await expect(mergeProfiles(db, actor, { profileIds: [p2, p3], reason: "again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
  });
});
