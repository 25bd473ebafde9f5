// Steward overrides on a real database (PGlite, or PostgreSQL with DATABASE_URL): set and clear with audit, kept
// through refreshes, full runs, merges and their undo, and written by rectification so a stale re-send of the
// source's old row cannot bring the wrong value back.
import type { Database } from "@c360/db/client";
import {
  auditLog,
  goldenAttributes,
  goldenOverrides,
  profileMembers,
  profiles,
  sourceRecords,
  sources,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { generateCustomers, standardizeRecord } from "@c360/matching";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor";
import { failure } from "../errors.testing";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { createPrivacyRequest } from "../privacy/create-privacy-request";
import { fulfilPrivacyRequest } from "../privacy/fulfil-privacy-request";
import { verifyPrivacyRequest } from "../privacy/review-privacy-request";
import { resolveFull } from "../resolution/resolve-full";
import { createSource as createManagedSource } from "../sources/manage-sources";
import { mergeProfiles } from "../stewardship/merge-profiles";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { unmergeEvent } from "../stewardship/unmerge-event";
import { demoActor } from "../users/demo-actor.testing";
import { getProfileView } from "./get-profile-view";
import { refreshGoldenAttributes } from "./refresh-golden-attributes";
import { loadStewardOverrides } from "./load-steward-overrides";
import { clearStewardOverride, setStewardOverride } from "./set-steward-override";
import { watchProfileChanges } from "./watch-profile-changes";

async function goldenOf(db: Database, profileId: string) {
  const rows = await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, profileId));
  return new Map(rows.map((r) => [r.attribute, r]));
}

describe("steward overrides", () => {
  let handle: TestDatabase;
  let db: Database;
  let steward: Actor;
  let analyst: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    steward = await demoActor(db, "steward@example.com");
    analyst = await demoActor(db, "analyst@example.com");
  });
  afterAll(async () => handle?.destroy());

  it("sets an override that wins over the sources, audited without the value, and clears it back to survivorship", async () => {
    const crm = await createSource(db, "crm-set", { phone: 0.9 });
    const r1 = await createRecord(db, crm, {
      first_name: "Ada",
      last_name: "Byron",
      phone: "+1 702 919 1300",
    });
    const profileId = await createProfile(db, [r1]);
    const before = (await db.select().from(profiles).where(eq(profiles.id, profileId)))[0]!.version;

    const set = await setStewardOverride(db, steward, {
      profileId,
      attribute: "phone",
      value: "+1 (415) 555-0100",
      note: "Customer called",
    });
    expect(set.value).toBe("+14155550100");
    const phone = (await goldenOf(db, profileId)).get("phone")!;
    expect(phone).toMatchObject({ value: "+14155550100", rule: "steward_override", sourceRecordId: null });
    expect(phone.ruleDetail.override).toMatchObject({
      setBy: "steward@example.com",
      note: "Customer called",
      origin: "steward",
    });
    // The source's value stays visible beside the override.
    const phoneView = (await getProfileView(db, steward, { id: profileId })).golden.find(
      (g) => g.attribute === "phone",
    )!;
    expect(phoneView.candidates.map((c) => c.value)).toEqual(["+17029191300"]);
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, profileId));
    expect(profile!.version).toBe(before + 1);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "profile.override.set"), eq(auditLog.entityId, profileId)));
    expect(audit).toMatchObject({ actorLabel: "steward@example.com", details: { attribute: "phone" } });
    expect(JSON.stringify(audit!.details)).not.toContain("415");

    // A refresh (as any membership change does) keeps it.
    await refreshGoldenAttributes(db, [profileId]);
    expect((await goldenOf(db, profileId)).get("phone")!.value).toBe("+14155550100");

    await clearStewardOverride(db, steward, { profileId, attribute: "phone" });
    expect((await goldenOf(db, profileId)).get("phone")).toMatchObject({
      value: "+17029191300",
      rule: "no_conflict",
      sourceRecordId: r1,
    });
    expect(await db.select().from(goldenOverrides).where(eq(goldenOverrides.profileId, profileId))).toEqual(
      [],
    );
    expect(
      await db.select().from(auditLog).where(eq(auditLog.action, "profile.override.clear")),
    ).toHaveLength(1);
    expect((await failure(clearStewardOverride(db, steward, { profileId, attribute: "phone" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("tells open pages of the profile when an override is set, and nothing when the change is refused", async () => {
    const crm = await createSource(db, "crm-notify");
    const profileId = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Ida", last_name: "Noether" }),
    ]);
    const seen: string[] = [];
    const stop = await watchProfileChanges(handle, profileId, (id) => seen.push(id));
    try {
      await setStewardOverride(db, steward, {
        profileId,
        attribute: "city",
        value: "Erlangen",
        note: "moved",
      });
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual([profileId]);
      await failure(
        setStewardOverride(db, analyst, { profileId, attribute: "city", value: "Bonn", note: "n" }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([profileId]);
    } finally {
      stop();
    }
  });

  it("loads the overrides of exactly the profiles asked for, by id list or (for a full run's many ids) by reading the table", async () => {
    const crm = await createSource(db, "crm-load");
    const wanted = await createProfile(db, [await createRecord(db, crm, { first_name: "Wanda" })]);
    const other = await createProfile(db, [await createRecord(db, crm, { first_name: "Otto" })]);
    await setStewardOverride(db, steward, {
      profileId: wanted,
      attribute: "city",
      value: "Leeds",
      note: "n",
    });
    await setStewardOverride(db, steward, { profileId: other, attribute: "city", value: "York", note: "n" });
    const few = await loadStewardOverrides(db, [wanted]);
    const many = await loadStewardOverrides(db, [
      wanted,
      ...Array.from({ length: 6000 }, () => randomUUID()),
    ]);
    for (const loaded of [few, many]) {
      expect([...loaded.keys()]).toEqual([wanted]);
      expect(loaded.get(wanted)).toEqual([
        expect.objectContaining({ attribute: "city", value: "Leeds", setBy: "steward@example.com" }),
      ]);
    }
  });

  it("refuses a bad value, a missing note, an attribute that is not a golden field, and a role without stewardship:write", async () => {
    const crm = await createSource(db, "crm-refuse");
    const profileId = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Grace", last_name: "Hopper" }),
    ]);
    const bad = await failure(
      setStewardOverride(db, steward, { profileId, attribute: "phone", value: "call me", note: "x" }),
    );
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(bad.message).toMatch(/"call me" is not a valid phone/);
    const noNote = await failure(
      setStewardOverride(db, steward, { profileId, attribute: "phone", value: "+14155550100", note: "  " }),
    );
    expect(noNote.message).toMatch(/note: Say why/);
    const field = await failure(
      setStewardOverride(db, steward, {
        profileId,
        attribute: "favourite_colour" as "phone",
        value: "red",
        note: "x",
      }),
    );
    expect(field.message).toMatch(/attribute must be one of first_name/);
    expect(
      (
        await failure(
          setStewardOverride(db, analyst, {
            profileId,
            attribute: "phone",
            value: "+14155550100",
            note: "x",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await db.select().from(goldenOverrides).where(eq(goldenOverrides.profileId, profileId))).toEqual(
      [],
    );
  });

  it("a merge keeps both profiles' overrides on the survivor (the most recent per attribute) and the undo restores each exactly", async () => {
    const crm = await createSource(db, "crm-merge");
    const a = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Alan", last_name: "Turing", email: "alan@a.example" })],
      new Date("2020-01-01"),
    );
    const b = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Alan", last_name: "Turing", email: "at@b.example" })],
      new Date("2021-01-01"),
    );
    await setStewardOverride(db, steward, {
      profileId: a,
      attribute: "email",
      value: "old@a.example",
      note: "first fix",
    });
    await setStewardOverride(db, steward, {
      profileId: a,
      attribute: "city",
      value: "Wilmslow",
      note: "moved",
    });
    await setStewardOverride(db, steward, {
      profileId: b,
      attribute: "email",
      value: "newer@b.example",
      note: "second fix",
    });
    const before = await db
      .select()
      .from(goldenOverrides)
      .where(inArray(goldenOverrides.profileId, [a, b]));

    const merge = await mergeProfiles(db, steward, {
      profileIds: [a, b],
      survivorId: a,
      reason: "same person",
    });
    const kept = await db
      .select()
      .from(goldenOverrides)
      .where(inArray(goldenOverrides.profileId, [a, b]));
    expect(kept.map((o) => [o.profileId, o.attribute, o.value]).sort()).toEqual([
      [a, "city", "Wilmslow"],
      [a, "email", "newer@b.example"],
    ]);
    const golden = await goldenOf(db, a);
    expect(golden.get("email")!.value).toBe("newer@b.example");
    expect(golden.get("city")!.value).toBe("Wilmslow");

    await unmergeEvent(db, steward, { eventId: merge.eventId, reason: "not the same person" });
    const restored = await db
      .select()
      .from(goldenOverrides)
      .where(inArray(goldenOverrides.profileId, [a, b]));
    const key = (o: typeof goldenOverrides.$inferSelect) => `${o.profileId} ${o.attribute}`;
    expect(restored.sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
      before.sort((x, y) => key(x).localeCompare(key(y))),
    );
    expect((await goldenOf(db, a)).get("email")!.value).toBe("old@a.example");
    expect((await goldenOf(db, b)).get("email")!.value).toBe("newer@b.example");
  });

  it("refuses to undo a merge when an override was set since, rather than losing it", async () => {
    const crm = await createSource(db, "crm-drift");
    const a = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Rosa", last_name: "Parks" })],
      new Date("2020-01-01"),
    );
    const b = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Rosa", last_name: "Parks" })],
      new Date("2021-01-01"),
    );
    const merge = await mergeProfiles(db, steward, {
      profileIds: [a, b],
      survivorId: a,
      reason: "same person",
    });
    await setStewardOverride(db, steward, {
      profileId: a,
      attribute: "city",
      value: "Montgomery",
      note: "confirmed",
    });
    const refused = await failure(unmergeEvent(db, steward, { eventId: merge.eventId, reason: "different" }));
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect(refused.message).toMatch(/overridden or an override cleared/);
    await clearStewardOverride(db, steward, { profileId: a, attribute: "city" });
    await unmergeEvent(db, steward, { eventId: merge.eventId, reason: "different" });
    const [restored] = await db.select().from(profiles).where(eq(profiles.id, b));
    expect(restored!.status).toBe("active");
  });

  it("rectification keeps the corrected value when the source re-sends its old row", async () => {
    const admin = await demoActor(db, "admin@example.com");
    const shop = await createManagedSource(db, admin, { name: "shop-rectify", kind: "crm" });
    const original = {
      record_id: "s-1",
      first_name: "Edith",
      last_name: "Clarke",
      email: "edith.old@example.com",
      city: "Austin",
    };
    await importRecords(db, {
      source: shop,
      rows: rowItems([original]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    const [record] = await db
      .select()
      .from(sourceRecords)
      .where(and(eq(sourceRecords.sourceId, shop.id), eq(sourceRecords.externalId, "s-1")));
    const profileId = await createProfile(db, [record!.id]);
    const request = await createPrivacyRequest(db, admin, {
      kind: "rectification",
      subject: { name: "Edith Clarke", sourceName: "shop-rectify", externalId: "s-1" },
    });
    await verifyPrivacyRequest(db, admin, { requestId: request.id, method: "identity_document" });
    await fulfilPrivacyRequest(db, admin, {
      requestId: request.id,
      changes: [{ field: "email", value: "Edith.New@Example.com" }],
    });
    expect((await goldenOf(db, profileId)).get("email")!.value).toBe("edith.new@example.com");
    const [override] = await db
      .select()
      .from(goldenOverrides)
      .where(eq(goldenOverrides.profileId, profileId));
    expect(override).toMatchObject({
      attribute: "email",
      value: "edith.new@example.com",
      origin: "rectification",
      setBy: "admin@example.com",
    });
    expect(override!.note).toContain(request.id);

    // The source, not told of the correction, sends its old row again: the record goes back to the old value...
    await importRecords(db, {
      source: shop,
      rows: rowItems([original]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    const [resent] = await db.select().from(sourceRecords).where(eq(sourceRecords.id, record!.id));
    expect(resent!.raw.email).toBe("edith.old@example.com");
    await refreshGoldenAttributes(db, [profileId]);
    // ...but the golden value stays corrected, and shows that the source still disagrees.
    const email = (await goldenOf(db, profileId)).get("email")!;
    expect(email).toMatchObject({ value: "edith.new@example.com", rule: "steward_override" });
    const emailView = (await getProfileView(db, admin, { id: profileId })).golden.find(
      (g) => g.attribute === "email",
    )!;
    expect(emailView.candidates.map((c) => c.value)).toEqual(["edith.old@example.com"]);
    expect(email.ruleDetail.survived).toMatchObject({ value: "edith.old@example.com" });
    // The profile page says so, for a role that sees the email masked too.
    for (const viewer of [admin, analyst]) {
      const view = await getProfileView(db, viewer, { id: profileId });
      expect(view.golden.find((g) => g.attribute === "email")).toMatchObject({
        rule: "steward_override",
        sourcesDisagree: true,
      });
    }
  });

  it("a full run keeps overrides and moves a retired profile's overrides to its successor", async () => {
    const data = generateCustomers({ persons: 150, seed: 11 });
    const sourceIds = new Map<string, string>();
    for (const name of new Set(data.records.map((r) => r.source))) {
      const [row] = await db
        .insert(sources)
        .values({ name: `full-${name}`, kind: "crm" })
        .returning();
      sourceIds.set(name, row!.id);
    }
    await db.insert(sourceRecords).values(
      data.records.map((record) => ({
        sourceId: sourceIds.get(record.source)!,
        externalId: record.record_id,
        contentHash: createHash("sha256").update(JSON.stringify(record)).digest("hex"),
        raw: record as unknown as Record<string, unknown>,
        standardized: standardizeRecord(record) as unknown as Record<string, unknown>,
      })),
    );
    const system = systemActor("test");
    await resolveFull(db, { actor: system });
    // A profile of three or more records: one record is moved out to a profile of its own, which the next run
    // folds back (retires) into the profile that holds the majority.
    const [big] = (await db
      .execute(
        sql`select m.profile_id from profile_members m join source_records r on r.id = m.record_id
      where r.source_id = any(${`{${[...sourceIds.values()].join(",")}}`}::uuid[])
      group by m.profile_id having count(*) >= 3 order by m.profile_id limit 1`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as { profile_id: string }[];
    const keep = big!.profile_id;
    const [moved] = await db.select().from(profileMembers).where(eq(profileMembers.profileId, keep)).limit(1);
    const [split] = await db.insert(profiles).values({}).returning({ id: profiles.id });
    await db
      .update(profileMembers)
      .set({ profileId: split!.id })
      .where(eq(profileMembers.recordId, moved!.recordId));
    await db.update(sourceRecords).set({ profileId: split!.id }).where(eq(sourceRecords.id, moved!.recordId));
    await refreshGoldenAttributes(db, [keep, split!.id]);
    await setStewardOverride(db, steward, {
      profileId: keep,
      attribute: "phone",
      value: "+14155550101",
      note: "older",
    });
    await setStewardOverride(db, steward, {
      profileId: keep,
      attribute: "first_name",
      value: "Kept",
      note: "stays",
    });
    await setStewardOverride(db, steward, {
      profileId: split!.id,
      attribute: "phone",
      value: "+14155550102",
      note: "newer",
    });
    await setStewardOverride(db, steward, {
      profileId: split!.id,
      attribute: "city",
      value: "Moved Town",
      note: "moves",
    });

    const result = await resolveFull(db, { actor: system });
    expect(result.retiredProfiles).toBeGreaterThanOrEqual(1);
    const [retired] = await db.select().from(profiles).where(eq(profiles.id, split!.id));
    expect(retired).toMatchObject({ status: "merged", mergedIntoId: keep });
    const overrides = await db
      .select()
      .from(goldenOverrides)
      .where(inArray(goldenOverrides.profileId, [keep, split!.id]));
    expect(overrides.map((o) => [o.profileId, o.attribute, o.value]).sort()).toEqual([
      [keep, "city", "Moved Town"],
      [keep, "first_name", "Kept"],
      [keep, "phone", "+14155550102"],
    ]);
    const golden = await goldenOf(db, keep);
    expect(golden.get("phone")).toMatchObject({ value: "+14155550102", rule: "steward_override" });
    expect(golden.get("first_name")!.value).toBe("Kept");
    expect(golden.get("city")!.value).toBe("Moved Town");
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, keep));
    expect(profile!.displayName?.startsWith("Kept ")).toBe(true);
  });
});
