import type { Database } from "@c360/db/client";
import {
  consentEvents,
  consentState,
  goldenAttributes,
  labelledPairs,
  mergeEvents,
  profileMembers,
  profiles,
  relationships,
  sourceRecords,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { mergeProfiles } from "./merge-profiles";
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
import { unmergeEvent } from "./unmerge-event";

describe("merge and unmerge", () => {
  let handle: TestDatabase;
  let db: Database;
  let actor: Actor;
  let crm: string;
  let web: string;
  let emailPurpose: string;
  let smsPurpose: string;
  let profilingPurpose: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    actor = await stewardActor(db);
    crm = await createSource(db, "crm", { email: 0.9, first_name: 0.9 });
    web = await createSource(db, "web", { email: 0.3 });
    emailPurpose = await createPurpose(db, "marketing.email");
    smsPurpose = await createPurpose(db, "marketing.sms");
    profilingPurpose = await createPurpose(db, "analytics.profiling");
  });
  afterAll(async () => handle?.destroy());

  /** Two profiles of one person: an older CRM one and a newer web one with two records. */
  async function twoProfiles() {
    const r1 = await createRecord(db, crm, {
      first_name: "John",
      last_name: "Smith",
      email: "john@crm.example",
      dob: "1980-02-03",
    });
    const r2 = await createRecord(db, web, {
      first_name: "Jon",
      last_name: "Smith",
      email: "jon@web.example",
      phone: "702 919 1300",
    });
    const r3 = await createRecord(db, web, {
      first_name: "Jonathan",
      last_name: "Smith",
      email: "jon@web.example",
    });
    const older = await createProfile(db, [r1], new Date("2024-01-01T00:00:00Z"));
    const newer = await createProfile(db, [r2, r3], new Date("2025-01-01T00:00:00Z"));
    return { r1, r2, r3, older, newer };
  }

  it("merges into the older profile, moves members, recomputes golden values and re-points consent, most restrictive winning", async () => {
    const { r1, r2, r3, older, newer } = await twoProfiles();
    const givenEmail = await recordConsent(db, older, emailPurpose, "given");
    const withdrawnEmail = await recordConsent(db, newer, emailPurpose, "withdrawn");
    await recordConsent(db, older, smsPurpose, "given", {
      channel: "sms",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    await recordConsent(db, newer, smsPurpose, "given", { channel: "sms" });
    await recordConsent(db, newer, profilingPurpose, "given");

    const result = await mergeProfiles(db, actor, {
      profileIds: [newer, older],
      reason: "Same person: same phone and name",
    });
    expect(result).toMatchObject({ survivorId: older, mergedProfileIds: [newer] });
    expect(result.movedRecordIds.sort()).toEqual([r2, r3].sort());

    const [loser] = await db.select().from(profiles).where(eq(profiles.id, newer));
    expect(loser).toMatchObject({ status: "merged", mergedIntoId: older, displayName: null, searchText: "" });
    const members = await db
      .select()
      .from(profileMembers)
      .where(inArray(profileMembers.recordId, [r1, r2, r3]));
    expect(members.every((m) => m.profileId === older)).toBe(true);
    expect(members.find((m) => m.recordId === r2)).toMatchObject({
      reason: "steward",
      matchedBy: "steward@example.com",
      score: null,
    });
    const records = await db
      .select()
      .from(sourceRecords)
      .where(inArray(sourceRecords.id, [r1, r2, r3]));
    expect(records.every((r) => r.profileId === older)).toBe(true);

    const golden = await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, older));
    expect(golden.find((g) => g.attribute === "email")).toMatchObject({
      value: "john@crm.example",
      sourceRecordId: r1,
      rule: "most_trusted_source",
    });
    expect(golden.find((g) => g.attribute === "phone")).toMatchObject({
      value: "+17029191300",
      sourceRecordId: r2,
    });
    expect(await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, newer))).toEqual([]);

    const state = await db
      .select()
      .from(consentState)
      .where(eq(consentState.profileId, older))
      .orderBy(asc(consentState.purposeId));
    const statusOf = (purposeId: string) => state.find((s) => s.purposeId === purposeId);
    expect(statusOf(emailPurpose)).toMatchObject({ status: "withdrawn", lastEventId: withdrawnEmail });
    expect(statusOf(smsPurpose)).toMatchObject({
      status: "given",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    expect(statusOf(profilingPurpose)).toMatchObject({ status: "given" });
    expect(await db.select().from(consentState).where(eq(consentState.profileId, newer))).toEqual([]);
    const events = await db
      .select()
      .from(consentEvents)
      .where(inArray(consentEvents.id, [givenEmail, withdrawnEmail]));
    expect(events.map((e) => e.profileId)).toEqual([older, older]);

    const pairs = await db
      .select()
      .from(labelledPairs)
      .where(inArray(labelledPairs.recordAId, [r1, r2, r3]));
    const matchPairs = pairs.filter((p) => [p.recordAId, p.recordBId].includes(r1));
    expect(matchPairs).toHaveLength(2);
    expect(
      matchPairs.every((p) => p.isMatch && p.source === "steward" && p.decidedById === actor.userId),
    ).toBe(true);

    const [event] = await db.select().from(mergeEvents).where(eq(mergeEvents.id, result.eventId));
    expect(event).toMatchObject({
      kind: "merge",
      actorUserId: actor.userId,
      actorLabel: "steward@example.com",
      reason: "Same person: same phone and name",
    });
    expect(await auditActions(db)).toContain("stewardship.merge");
  });

  it("unmerge restores members, golden values, profiles, consent state, attribution and relationships exactly", async () => {
    const { r1, r2, older, newer } = await twoProfiles();
    await recordConsent(db, older, emailPurpose, "given");
    await recordConsent(db, newer, emailPurpose, "refused");
    await recordConsent(db, newer, profilingPurpose, "given");
    const sister = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Jane", last_name: "Smith" }),
    ]);
    await db.insert(relationships).values([
      { fromProfileId: newer, toProfileId: sister, kind: "household" },
      { fromProfileId: sister, toProfileId: newer, kind: "household" },
      { fromProfileId: older, toProfileId: newer, kind: "spouse" },
    ]);
    const before = await restorableState(db, [older, newer]);
    const versionsBefore = (
      await db
        .select()
        .from(profiles)
        .where(inArray(profiles.id, [older, newer]))
    ).map((p) => p.version);

    const merged = await mergeProfiles(db, actor, { profileIds: [older, newer], reason: "looked the same" });
    expect(await restorableState(db, [older, newer])).not.toEqual(before);
    // The household follows the person to the surviving profile; a relationship with oneself is not kept.
    const edges = (
      await db
        .select()
        .from(relationships)
        .where(inArray(relationships.fromProfileId, [older, newer, sister]))
    )
      .map((r) => `${r.fromProfileId} ${r.kind} ${r.toProfileId}`)
      .sort();
    expect(edges).toEqual([`${older} household ${sister}`, `${sister} household ${older}`].sort());
    const undone = await unmergeEvent(db, actor, {
      eventId: merged.eventId,
      reason: "different people after all",
    });

    expect(await restorableState(db, [older, newer])).toEqual(before);
    const versionsAfter = (
      await db
        .select()
        .from(profiles)
        .where(inArray(profiles.id, [older, newer]))
    ).map((p) => p.version);
    versionsAfter.forEach((v, i) => expect(v).toBeGreaterThan(versionsBefore[i]!));

    const [undoEvent] = await db.select().from(mergeEvents).where(eq(mergeEvents.id, undone.eventId));
    expect(undoEvent).toMatchObject({
      kind: "unmerge",
      undoesEventId: merged.eventId,
      reason: "different people after all",
    });
    const [a, b] = [r1, r2].sort();
    const [pair] = await db
      .select()
      .from(labelledPairs)
      .where(and(eq(labelledPairs.recordAId, a!), eq(labelledPairs.recordBId, b!)));
    expect(pair).toMatchObject({ isMatch: false, source: "steward" });
    expect(await auditActions(db)).toContain("stewardship.unmerge");

    await expect(unmergeEvent(db, actor, { eventId: merged.eventId, reason: "again" })).rejects.toMatchObject(
      {
        code: "CONFLICT",
        message: expect.stringContaining(`already undone by event ${undone.eventId}`),
      },
    );
    await expect(
      unmergeEvent(db, actor, { eventId: undone.eventId, reason: "undo the undo" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses to unmerge while a later merge of the same profiles stands, and names it", async () => {
    const { older, newer } = await twoProfiles();
    const r4 = await createRecord(db, crm, {
      first_name: "John",
      last_name: "Smith",
      email: "js@other.example",
    });
    const third = await createProfile(db, [r4], new Date("2025-06-01T00:00:00Z"));
    const before = await restorableState(db, [older, newer, third]);
    const first = await mergeProfiles(db, actor, { profileIds: [older, newer], reason: "first" });
    const second = await mergeProfiles(db, actor, { profileIds: [older, third], reason: "second" });

    await expect(
      unmergeEvent(db, actor, { eventId: first.eventId, reason: "undo first" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`undo merge ${second.eventId}`),
    });
    await unmergeEvent(db, actor, { eventId: second.eventId, reason: "undo second" });
    await unmergeEvent(db, actor, { eventId: first.eventId, reason: "undo first" });
    expect(await restorableState(db, [older, newer, third])).toEqual(before);
  });

  it("refuses to unmerge when resolution moved records of the merged profile since", async () => {
    const { r3, older, newer } = await twoProfiles();
    const merged = await mergeProfiles(db, actor, { profileIds: [older, newer], reason: "same" });
    const r9 = await createRecord(db, web, { first_name: "Other", last_name: "Person" });
    const elsewhere = await createProfile(db, [r9]);
    // What the real-time resolver does when a changed record now matches someone else.
    await db.update(profileMembers).set({ profileId: elsewhere }).where(eq(profileMembers.recordId, r3));
    await db.update(sourceRecords).set({ profileId: elsewhere }).where(eq(sourceRecords.id, r3));
    await expect(unmergeEvent(db, actor, { eventId: merged.eventId, reason: "undo" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("records have joined or left these profiles"),
    });
  });

  it("keeps consent recorded after the merge on the surviving profile when unmerging", async () => {
    const { older, newer } = await twoProfiles();
    await recordConsent(db, newer, emailPurpose, "given");
    const merged = await mergeProfiles(db, actor, { profileIds: [older, newer], reason: "same" });
    const later = await recordConsent(db, older, emailPurpose, "withdrawn");
    await unmergeEvent(db, actor, { eventId: merged.eventId, reason: "not same" });
    const [event] = await db.select().from(consentEvents).where(eq(consentEvents.id, later));
    expect(event!.profileId).toBe(older);
    const states = await db
      .select()
      .from(consentState)
      .where(inArray(consentState.profileId, [older, newer]));
    expect(states.find((s) => s.profileId === older)).toMatchObject({
      status: "withdrawn",
      lastEventId: later,
    });
    expect(states.find((s) => s.profileId === newer)).toMatchObject({ status: "given" });
  });

  it("merges into a chosen survivor", async () => {
    const { older, newer } = await twoProfiles();
    const result = await mergeProfiles(db, actor, {
      profileIds: [older, newer],
      survivorId: newer,
      reason: "keep the web one",
    });
    expect(result.survivorId).toBe(newer);
    const [loser] = await db.select().from(profiles).where(eq(profiles.id, older));
    expect(loser).toMatchObject({ status: "merged", mergedIntoId: newer });
  });

  it("refuses bad merges with clear errors and changes nothing", async () => {
    const { older, newer } = await twoProfiles();
    const before = await restorableState(db, [older, newer]);
    await expect(mergeProfiles(db, actor, { profileIds: [older, older], reason: "x" })).rejects.toMatchObject(
      {
        code: "BAD_REQUEST",
        message: expect.stringContaining("cannot be merged into itself"),
      },
    );
    await expect(
      mergeProfiles(db, actor, { profileIds: [older, newer], reason: "   " }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Give a reason"),
    });
    await expect(mergeProfiles(db, actor, { profileIds: [older, newer] } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const unknown = randomUUID();
    await expect(
      mergeProfiles(db, actor, { profileIds: [older, unknown], reason: "x" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `Profile ${unknown} does not exist.`,
    });
    await expect(unmergeEvent(db, actor, { eventId: unknown, reason: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      mergeProfiles(db, actor, { profileIds: [older, newer], survivorId: unknown, reason: "x" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await restorableState(db, [older, newer])).toEqual(before);

    await mergeProfiles(db, actor, { profileIds: [older, newer], reason: "same" });
    const { older: other } = await twoProfiles();
    await expect(mergeProfiles(db, actor, { profileIds: [newer, other], reason: "x" })).rejects.toMatchObject(
      {
        code: "CONFLICT",
        message: expect.stringContaining(`merged into ${older}`),
      },
    );
  });
});
