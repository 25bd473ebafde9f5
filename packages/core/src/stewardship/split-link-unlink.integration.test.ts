import type { Database } from "@c360/db/client";
import {
  goldenAttributes,
  labelledPairs,
  mergeEvents,
  profileMembers,
  profiles,
  sourceRecords,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { linkRecord } from "./link-record";
import { splitProfile } from "./split-profile";
import {
  auditActions,
  createProfile,
  createPurpose,
  createRecord,
  createSource,
  recordConsent,
  restorableState,
  stewardActor,
} from "./stewardship-fixtures.testing";
import { unlinkRecord } from "./unlink-record";
import { unmergeEvent } from "./unmerge-event";

describe("split, link and unlink", () => {
  let handle: TestDatabase;
  let db: Database;
  let actor: Actor;
  let crm: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    actor = await stewardActor(db);
    crm = await createSource(db, "crm");
  });
  afterAll(async () => handle?.destroy());

  async function labelOf(x: string, y: string) {
    const [a, b] = [x, y].sort();
    const [row] = await db
      .select()
      .from(labelledPairs)
      .where(and(eq(labelledPairs.recordAId, a!), eq(labelledPairs.recordBId, b!)));
    return row?.isMatch;
  }

  async function profileOf(recordId: string) {
    const [member] = await db.select().from(profileMembers).where(eq(profileMembers.recordId, recordId));
    const [record] = await db.select().from(sourceRecords).where(eq(sourceRecords.id, recordId));
    expect(record!.profileId ?? null).toBe(member?.profileId ?? null);
    return member?.profileId ?? null;
  }

  async function threeRecordProfile() {
    const a = await createRecord(db, crm, { first_name: "Ann", last_name: "Lee", email: "ann@example.com" });
    const b = await createRecord(db, crm, { first_name: "Ann", last_name: "Lee", phone: "+44 20 7946 0958" });
    const c = await createRecord(db, crm, {
      first_name: "Bob",
      last_name: "Stone",
      email: "bob@example.com",
    });
    const profileId = await createProfile(db, [a, b, c]);
    return { a, b, c, profileId };
  }

  it("splits chosen records into a new profile, labels them apart, and undoes exactly", async () => {
    const { a, b, c, profileId } = await threeRecordProfile();
    const before = await restorableState(db, [profileId]);
    const result = await splitProfile(db, actor, {
      profileId,
      recordIds: [c],
      reason: "Bob is another person",
    });
    expect(await profileOf(c)).toBe(result.newProfileId);
    expect(await profileOf(a)).toBe(profileId);
    const [created] = await db.select().from(profiles).where(eq(profiles.id, result.newProfileId));
    expect(created).toMatchObject({ status: "active", displayName: "Bob Stone" });
    const [original] = await db.select().from(profiles).where(eq(profiles.id, profileId));
    expect(original!.displayName).toBe("Ann Lee");
    const golden = await db
      .select()
      .from(goldenAttributes)
      .where(eq(goldenAttributes.profileId, result.newProfileId));
    expect(golden.find((g) => g.attribute === "email")).toMatchObject({
      value: "bob@example.com",
      sourceRecordId: c,
    });
    expect(await labelOf(a, c)).toBe(false);
    expect(await labelOf(b, c)).toBe(false);
    expect(await labelOf(a, b)).toBeUndefined();
    expect(await auditActions(db)).toContain("stewardship.split");

    await unmergeEvent(db, actor, { eventId: result.eventId, reason: "split by mistake" });
    expect(await restorableState(db, [profileId])).toEqual(before);
    const [retired] = await db.select().from(profiles).where(eq(profiles.id, result.newProfileId));
    expect(retired).toMatchObject({ status: "merged", mergedIntoId: profileId });
    expect(await labelOf(a, c)).toBe(true);
  });

  it("refuses splits that are not splits", async () => {
    const { a, b, c, profileId } = await threeRecordProfile();
    const other = await threeRecordProfile();
    await expect(
      splitProfile(db, actor, { profileId, recordIds: [a, b, c], reason: "x" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at least one record"),
    });
    await expect(
      splitProfile(db, actor, { profileId, recordIds: [other.a], reason: "x" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("is not a member"),
    });
    await expect(
      splitProfile(db, actor, { profileId, recordIds: [randomUUID()], reason: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      splitProfile(db, actor, { profileId: randomUUID(), recordIds: [a], reason: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(splitProfile(db, actor, { profileId, recordIds: [c], reason: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("links a record into a profile, retiring the profile it leaves empty, with consent following; undo restores", async () => {
    const { a, b, profileId } = await threeRecordProfile();
    const d = await createRecord(db, crm, {
      first_name: "Annie",
      last_name: "Lee",
      email: "ann@example.com",
    });
    const alone = await createProfile(db, [d]);
    const purpose = await createPurpose(db, "marketing.post");
    await recordConsent(db, alone, purpose, "refused");
    const before = await restorableState(db, [profileId, alone]);

    const result = await linkRecord(db, actor, { recordId: d, profileId, reason: "Annie is Ann" });
    expect(result).toMatchObject({ fromProfileId: alone, retiredProfile: true });
    expect(await profileOf(d)).toBe(profileId);
    const [retired] = await db.select().from(profiles).where(eq(profiles.id, alone));
    expect(retired).toMatchObject({ status: "merged", mergedIntoId: profileId });
    const after = await restorableState(db, [profileId]);
    expect(after.consentState).toEqual([
      expect.objectContaining({ profileId, purposeId: purpose, status: "refused" }),
    ]);
    expect(await labelOf(a, d)).toBe(true);
    expect(await labelOf(b, d)).toBe(true);
    expect(await auditActions(db)).toContain("stewardship.link");

    await unmergeEvent(db, actor, { eventId: result.eventId, reason: "not Ann" });
    expect(await restorableState(db, [profileId, alone])).toEqual(before);
    expect(await labelOf(a, d)).toBe(false);
  });

  it("links a record that belonged to no profile, and the undo leaves it unattached again", async () => {
    const { profileId } = await threeRecordProfile();
    const e = await createRecord(db, crm, { first_name: "Ann", last_name: "Lee" });
    const result = await linkRecord(db, actor, { recordId: e, profileId, reason: "new record of Ann" });
    expect(result).toMatchObject({ fromProfileId: null, retiredProfile: false });
    expect(await profileOf(e)).toBe(profileId);
    await expect(linkRecord(db, actor, { recordId: e, profileId, reason: "again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await unmergeEvent(db, actor, { eventId: result.eventId, reason: "undo" });
    expect(await profileOf(e)).toBeNull();
  });

  it("unlinks a record into a profile of its own and refuses to unlink a record that is already alone", async () => {
    const { a, b, c, profileId } = await threeRecordProfile();
    const result = await unlinkRecord(db, actor, { recordId: c, reason: "not Ann" });
    expect(result.profileId).toBe(profileId);
    expect(await profileOf(c)).toBe(result.newProfileId);
    expect(await labelOf(a, c)).toBe(false);
    expect(await labelOf(b, c)).toBe(false);
    const [event] = await db.select().from(mergeEvents).where(eq(mergeEvents.id, result.eventId));
    expect(event).toMatchObject({ kind: "unlink", reason: "not Ann", recordIds: [c] });
    await expect(unlinkRecord(db, actor, { recordId: c, reason: "again" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("only record"),
    });
    await expect(unlinkRecord(db, actor, { recordId: randomUUID(), reason: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await auditActions(db)).toContain("stewardship.unlink");
    const members = await db
      .select()
      .from(profileMembers)
      .where(inArray(profileMembers.profileId, [profileId]));
    expect(members.map((m) => m.recordId).sort()).toEqual([a, b].sort());
  });
});
