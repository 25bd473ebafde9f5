// Consent follows identity resolution: a steward's merge re-points it (most restrictive state wins, history whole),
// the unmerge restores it exactly, and a batch resolution that retires a profile moves its consent too.
import type { Database } from "@c360/db/client";
import { consentEvents, consentState, profileMembers, profiles, sourceRecords } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { generateCustomers } from "@c360/matching";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor";
import { resolveFull } from "../resolution/resolve-full";
import { mergeProfiles } from "../stewardship/merge-profiles";
import {
  createProfile,
  createRecord,
  createSource,
  stewardActor,
} from "../stewardship/stewardship-fixtures.testing";
import { unmergeEvent } from "../stewardship/unmerge-event";
import { ensureStandardPurposes } from "./manage-purposes";
import { recordConsentEvent } from "./record-consent-event";

describe("consent follows identity", () => {
  let handle: TestDatabase;
  let db: Database;
  let steward: Actor;
  const system = systemActor("test");

  async function consentOf(profileIds: string[]) {
    const state = await db
      .select()
      .from(consentState)
      .where(inArray(consentState.profileId, profileIds))
      .orderBy(asc(consentState.profileId), asc(consentState.purposeId), asc(consentState.channel));
    const events = await db
      .select({ id: consentEvents.id, profileId: consentEvents.profileId })
      .from(consentEvents)
      .where(
        sql`${consentEvents.subjectIdentities} ->> 'profileId' = any(${`{${profileIds.join(",")}}`}::text[])`,
      )
      .orderBy(asc(consentEvents.id));
    return { state: state.map(({ updatedAt: _u, ...rest }) => rest), events };
  }

  const at = (day: number) => `2026-02-${String(day).padStart(2, "0")}T12:00:00Z`;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    steward = await stewardActor(db);
    await ensureStandardPurposes(db, system);
  });
  afterAll(async () => handle?.destroy());

  it("a merge keeps the most restrictive state per purpose and channel and the whole history; the unmerge restores it exactly", async () => {
    const crm = await createSource(db, "crm");
    const a = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Mary", last_name: "Jones", email: "mary@one.example" })],
      new Date("2024-01-01Z"),
    );
    const b = await createProfile(
      db,
      [await createRecord(db, crm, { first_name: "Mary", last_name: "Jones", email: "mary@two.example" })],
      new Date("2025-01-01Z"),
    );
    const record = (
      profileId: string,
      purpose: string,
      status: "given" | "withdrawn" | "refused",
      day: number,
      expiresAt?: string,
    ) =>
      recordConsentEvent(db, system, {
        subject: { profileId },
        purpose,
        status,
        capturedAt: at(day),
        expiresAt,
      });
    await record(a, "marketing.email", "given", 1);
    await record(b, "marketing.email", "given", 2);
    await record(b, "marketing.email", "withdrawn", 3); // b said no: the merged person has not said yes
    await record(a, "marketing.sms", "given", 4, "2030-01-01T00:00:00Z");
    await record(b, "marketing.sms", "given", 5, "2027-01-01T00:00:00Z"); // the shorter consent stands
    await record(a, "analytics.profiling", "refused", 6);
    await record(b, "sharing.third_party", "given", 7);
    const before = await consentOf([a, b]);
    expect(before.events).toHaveLength(7);

    const merged = await mergeProfiles(db, steward, { profileIds: [a, b], reason: "same person" });
    expect(merged.survivorId).toBe(a);
    const after = await consentOf([a, b]);
    const status = (purposeKey: string) =>
      db.execute(sql`select cs.status::text as status, cs.expires_at from consent_state cs join consent_purposes p on p.id = cs.purpose_id
        where cs.profile_id = ${a}::uuid and p.key = ${purposeKey}`);
    const rowsOf = (r: unknown) =>
      (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { status: string; expires_at: unknown }[];
    expect(rowsOf(await status("marketing.email"))[0]!.status).toBe("withdrawn");
    expect(new Date(rowsOf(await status("marketing.sms"))[0]!.expires_at as string).toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
    expect(rowsOf(await status("analytics.profiling"))[0]!.status).toBe("refused");
    expect(rowsOf(await status("sharing.third_party"))[0]!.status).toBe("given");
    expect(after.state.every((s) => s.profileId === a)).toBe(true);
    expect(after.events.map((e) => e.id)).toEqual(before.events.map((e) => e.id));
    expect(after.events.every((e) => e.profileId === a)).toBe(true);

    await unmergeEvent(db, steward, { eventId: merged.eventId, reason: "two Marys" });
    expect(await consentOf([a, b])).toEqual(before);
  });

  it("a batch resolution that retires a profile moves its consent to the profile that absorbed it", async () => {
    const data = generateCustomers({ persons: 120, seed: 11 });
    const sourceIds = new Map<string, string>();
    for (const name of new Set(data.records.map((r) => r.source)))
      sourceIds.set(name, await createSource(db, `gen_${name}`));
    for (const { source, record_id: _id, ...values } of data.records)
      await createRecord(db, sourceIds.get(source)!, values);
    await resolveFull(db, { actor: system });
    const [pair] = await db
      .execute(
        sql`select m.profile_id, array_agg(m.record_id order by m.record_id) as records from profile_members m
        join profiles p on p.id = m.profile_id and p.status = 'active' group by m.profile_id having count(*) = 2 limit 1`,
      )
      .then(
        (r) =>
          (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as {
            profile_id: string;
            records: string[] | string;
          }[],
      );
    expect(pair).toBeDefined();
    const kept = pair!.profile_id;
    const records = Array.isArray(pair!.records)
      ? pair!.records
      : pair!.records.replace(/[{}]/g, "").split(",");
    // Split the person in two by hand (no steward decision, so the next run joins them again).
    const [other] = await db.insert(profiles).values({ displayName: "split" }).returning({ id: profiles.id });
    await db
      .update(profileMembers)
      .set({ profileId: other!.id })
      .where(eq(profileMembers.recordId, records[1]!));
    await db.update(sourceRecords).set({ profileId: other!.id }).where(eq(sourceRecords.id, records[1]!));
    await recordConsentEvent(db, system, {
      subject: { profileId: kept },
      purpose: "marketing.email",
      status: "given",
      capturedAt: at(10),
    });
    await recordConsentEvent(db, system, {
      subject: { profileId: other!.id },
      purpose: "marketing.email",
      status: "refused",
      capturedAt: at(11),
    });
    await recordConsentEvent(db, system, {
      subject: { profileId: other!.id },
      purpose: "analytics.profiling",
      status: "given",
      capturedAt: at(12),
    });

    const result = await resolveFull(db, { actor: system });
    expect(result.retiredProfiles).toBeGreaterThanOrEqual(1);
    const both = await db
      .select()
      .from(profiles)
      .where(inArray(profiles.id, [kept, other!.id]));
    const survivor = both.find((p) => p.status === "active")!;
    const retired = both.find((p) => p.status === "merged")!;
    expect(retired.mergedIntoId).toBe(survivor.id);
    const { state, events } = await consentOf([kept, other!.id]);
    expect(state.every((s) => s.profileId === survivor.id)).toBe(true);
    expect(state.map((s) => s.status).sort()).toEqual(["given", "refused"]); // profiling given; email refused wins
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.profileId === survivor.id)).toBe(true);
  });
});
