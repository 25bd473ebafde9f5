// Erasure end to end on a real database: every trace of the subject goes (a scan of every text and JSON column of
// every table), the bystander stays, a re-import is refused, the audit keeps a tombstone, a failure half-way resumes.
import { queryRows } from "@c360/db/client";
import {
  auditLog,
  consentEvents,
  consentPurposes,
  consentState,
  interactions,
  labelledPairs,
  privacyRequestLog,
  privacyRequests,
  profiles,
  relationships,
  reviewTasks,
  segments,
  sourceRecords,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { and, asc, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor";
import { saveSegment } from "../activation/manage-segments";
import { recordAudit } from "../audit/record-audit";
import { setEventSettings } from "../events/event-settings";
import { ingestEvents, type EventSource } from "../events/ingest-events";
import { applyTriggers } from "../triggers/apply-triggers";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { getProfileView } from "../profiles/get-profile-view";
import { createSource } from "../sources/manage-sources";
import type { PublicSource } from "../sources/manage-sources";
import { createProfile } from "../stewardship/stewardship-fixtures.testing";
import { mergeProfiles } from "../stewardship/merge-profiles";
import { demoActor } from "../users/demo-actor.testing";
import { createPrivacyRequest } from "./create-privacy-request";
import { ERASURE_STEPS, listPendingErasures, resumePendingErasures, runErasure } from "./erase-subject";
import { fulfilPrivacyRequest, retryErasure } from "./fulfil-privacy-request";
import { downloadPrivacyExport } from "./list-privacy-requests";
import { verifyPrivacyRequest } from "./review-privacy-request";

const subjectRow = {
  record_id: "crm-1",
  first_name: "Zephyrine",
  last_name: "Quillfeather",
  email: "Zephyrine.Q@Example.com",
  phone: "+1 415 555 0199",
  dob: "1984-07-12",
  street: "17 Larkspur Lane",
  city: "Boston",
  national_id: "521-44-9087",
};
const shopRow = {
  record_id: "shop-9",
  full_name: "Zephyrine Quillfeather",
  email: "zephyrine.q@example.com",
  phone: "(415) 555-0199",
};
const bystanderRow = {
  record_id: "crm-2",
  first_name: "Barnaby",
  last_name: "Okonkwo",
  email: "barnaby@example.org",
  phone: "+1 617 555 0123",
  dob: "1990-01-02",
  city: "Boston",
};

/** Strings that identify the subject, as they may be spelled anywhere. */
const NEEDLES = [
  "zephyrine",
  "quillfeather",
  "zephyrine.q@example.com",
  "4155550199",
  "555-0199",
  "555 0199",
  "larkspur",
  "1984-07-12",
  "crm-1",
  "shop-9",
  "521-44-9087",
  "521449087",
];

/** Every row of every table whose text, JSON or array columns mention one of the needles. */
async function traces(db: TestDatabase["db"], needles: readonly string[]): Promise<string[]> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED')`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    for (const needle of needles) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${needle}%`}`,
      );
      if (Number(row!.n) > 0) found.push(`${table_name}.${column_name} ~ ${needle} (${row!.n})`);
    }
  }
  return found;
}

describe("erasure", () => {
  let handle: TestDatabase;
  let db: TestDatabase["db"];
  let admin: Actor;
  let steward: Actor;
  let crm: PublicSource;
  let shop: PublicSource;
  let subjectProfileId: string;
  let bystanderProfileId: string;
  let erasureId: string;
  let segmentId: string;
  let web: EventSource;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    const userOf = (email: string) => demoActor(db, email);
    admin = await userOf("admin@example.com");
    steward = await userOf("steward@example.com");
    crm = await createSource(db, admin, { name: "crm", kind: "crm" });
    shop = await createSource(db, admin, { name: "shop", kind: "ecommerce" });
    await importRecords(db, {
      source: crm,
      rows: rowItems([subjectRow, bystanderRow]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    await importRecords(db, {
      source: shop,
      rows: rowItems([shopRow]),
      origin: "api",
      actor: admin,
      resolve: null,
    });
    const recordId = async (sourceId: string, externalId: string) =>
      (
        await db
          .select()
          .from(sourceRecords)
          .where(and(eq(sourceRecords.sourceId, sourceId), eq(sourceRecords.externalId, externalId)))
      )[0]!.id;
    const crm1 = await recordId(crm.id, "crm-1");
    const crm2 = await recordId(crm.id, "crm-2");
    const shop9 = await recordId(shop.id, "shop-9");
    // A second version of the subject's CRM row: erasure must take every version.
    await importRecords(db, {
      source: crm,
      rows: rowItems([{ ...subjectRow, city: "Cambridge" }]),
      origin: "file",
      actor: admin,
      resolve: null,
    });

    subjectProfileId = await createProfile(db, [crm1]);
    const shopProfileId = await createProfile(db, [shop9]);
    bystanderProfileId = await createProfile(db, [crm2]);
    // A steward merge: its history snapshots hold the subject's golden values, and its reason names her.
    await mergeProfiles(db, steward, {
      profileIds: [subjectProfileId, shopProfileId],
      survivorId: subjectProfileId,
      reason: "same person: Zephyrine Quillfeather, same phone",
    });

    await db.insert(interactions).values([
      {
        profileId: subjectProfileId,
        sourceRecordId: shop9,
        sourceId: shop.id,
        externalId: "order-1",
        channel: "purchase",
        type: "order.placed",
        occurredAt: new Date("2026-01-05T10:00:00Z"),
        amount: "42.5000",
        currency: "EUR",
        properties: { shipTo: "17 Larkspur Lane" },
      },
      {
        profileId: bystanderProfileId,
        sourceRecordId: crm2,
        sourceId: crm.id,
        externalId: "order-2",
        channel: "purchase",
        type: "order.placed",
        occurredAt: new Date("2026-01-06T10:00:00Z"),
      },
    ]);
    // Behavioural events (decision 0901): her anonymous page views before she identified, the identify, an event
    // attributed by her phone, and one still waiting for its person that carries her email in another spelling.
    web = await createSource(db, admin, { name: "web", kind: "web" });
    await setEventSettings(db, admin, { sourceName: "web", userIdSource: "crm" });
    const at = "2026-01-07T10:00:00Z";
    const events = await ingestEvents(
      db,
      web,
      [
        { type: "page", messageId: "p-1", anonymousId: "anon-zq", name: "Larkspur offers", timestamp: at },
        {
          type: "identify",
          messageId: "i-1",
          anonymousId: "anon-zq",
          userId: "crm-1",
          traits: { name: "Zephyrine" },
          timestamp: at,
        },
        {
          type: "track",
          messageId: "t-1",
          event: "Newsletter Signup",
          context: { traits: { phone: "+1 (415) 555-0199" } },
          timestamp: at,
        },
        {
          type: "track",
          messageId: "t-2",
          userId: "crm-404",
          event: "Viewed",
          traits: { email: "Zephyrine.Q@example.com" },
          properties: { note: "zephyrine" },
          timestamp: at,
        },
      ],
      admin,
    );
    expect(events.results.map((r) => r.profileId ?? r.unattributedReason)).toEqual([
      subjectProfileId,
      subjectProfileId,
      subjectProfileId,
      subjectProfileId,
    ]);
    await db
      .insert(relationships)
      .values({ fromProfileId: subjectProfileId, toProfileId: bystanderProfileId, kind: "household" });
    const [purpose] = await db
      .insert(consentPurposes)
      .values({ key: "marketing.email", name: "Email marketing", channel: "email" })
      .returning();
    const [event] = await db
      .insert(consentEvents)
      .values({
        profileId: subjectProfileId,
        subjectIdentities: { email: "zephyrine.q@example.com" },
        purposeId: purpose!.id,
        channel: "email",
        status: "given",
        method: "web_form",
        origin: "https://shop.example/signup?email=zephyrine.q@example.com",
        userAgent: "Mozilla/5.0",
        capturedAt: new Date(),
        actorLabel: "web",
      })
      .returning();
    await db.insert(consentState).values({
      profileId: subjectProfileId,
      purposeId: purpose!.id,
      channel: "email",
      status: "given",
      lastEventId: event!.id,
    });
    // A trigger's outbox row for her (decision 2201): its payload carries her event's properties.
    await applyTriggers(db, admin, {
      triggers: [
        {
          key: "viewed",
          name: "Viewed",
          condition: { kind: "event", event: "Viewed", where: [] },
          action: { kind: "webhook", url: "https://93.184.216.34/hook" },
          consent: { purpose: "marketing.email" },
        },
      ],
    });
    await db.execute(sql`insert into trigger_deliveries (trigger_id, trigger_version, profile_id, message_id, status, payload, deadline_at)
        select id, 1, ${subjectProfileId}::uuid, 't-2', 'pending', ${JSON.stringify({ event: { properties: { note: "zephyrine" } } })}::jsonb, now()
        from triggers where key = 'viewed'`);
    // Captured before any profile held the email: found by identity, not by profile.
    await db.insert(consentEvents).values({
      subjectIdentities: { email: "zephyrine.q@example.com" },
      purposeId: purpose!.id,
      channel: "email",
      status: "withdrawn",
      method: "email_link",
      capturedAt: new Date(),
      actorLabel: "web",
    });
    const pair = [crm1, crm2].sort();
    await db.insert(reviewTasks).values({
      kind: "pair",
      recordIds: pair,
      profileIds: [subjectProfileId, bystanderProfileId],
      score: 0.42,
      explanation: { first_name: { left: "zephyrine", right: "barnaby" } },
    });
    await db
      .insert(labelledPairs)
      .values({ recordAId: pair[0]!, recordBId: pair[1]!, isMatch: false, source: "steward" });
    await getProfileView(db, admin, { id: subjectProfileId });
    // An entry written carelessly with personal data in it: erasure must scrub it, not keep it.
    await recordAudit(db, steward, {
      action: "profile.note",
      entityType: "profile",
      entityId: subjectProfileId,
      details: { note: "called Zephyrine about 17 Larkspur Lane" },
    });

    // A segment a marketer named after her, with her email in its rule.
    segmentId = (
      await saveSegment(db, admin, {
        name: "Zephyrine and friends",
        description: "Whoever is like zephyrine.q@example.com",
        definition: {
          kind: "group",
          combinator: "or",
          conditions: [
            { kind: "attribute", attribute: "email", operator: "equals", value: "zephyrine.q@example.com" },
            { kind: "attribute", attribute: "city", operator: "equals", value: "Boston" },
          ],
        },
      })
    ).id;

    // An earlier access request: its stored export is full of the subject's data.
    const access = await createPrivacyRequest(db, admin, {
      kind: "access",
      subject: { email: "zephyrine.q@example.com" },
    });
    await verifyPrivacyRequest(db, admin, { requestId: access.id, method: "email_confirmation" });
    await fulfilPrivacyRequest(db, admin, { requestId: access.id });
    const exported = await downloadPrivacyExport(db, admin, { requestId: access.id, format: "json" });
    expect(exported.content).toContain("Quillfeather");
  });
  afterAll(async () => handle?.destroy());

  it("holds the subject everywhere before the erasure (the scan sees what it looks for)", async () => {
    const before = await traces(db, NEEDLES);
    for (const table of [
      "source_records",
      "source_record_versions",
      "golden_attributes",
      "profiles",
      "merge_events",
      "consent_events",
      "review_tasks",
      "interactions",
      "audit_log",
      "privacy_requests",
    ]) {
      expect(
        before.some((t) => t.startsWith(`${table}.`)),
        table,
      ).toBe(true);
    }
  });

  it("finds the subject from a differently spelled email and refuses to erase before verification", async () => {
    const request = await createPrivacyRequest(db, admin, {
      kind: "erasure",
      subject: { email: "ZEPHYRINE.Q@example.COM", name: "Zephyrine Quillfeather" },
    });
    expect(request).toMatchObject({ profileMatch: "exact", profileId: subjectProfileId });
    erasureId = request.id;
    await expect(fulfilPrivacyRequest(db, admin, { requestId: erasureId })).rejects.toThrow(
      /Verify the requester's identity/,
    );
    expect(
      await db
        .select()
        .from(privacyRequestLog)
        .where(and(eq(privacyRequestLog.requestId, erasureId), eq(privacyRequestLog.step, "erase_plan"))),
    ).toHaveLength(0);
  });

  it("stops half-way on a failure without leaving anything half-done, and the worker's pass resumes it", async () => {
    await verifyPrivacyRequest(db, admin, {
      requestId: erasureId,
      method: "identity_document",
      note: "passport seen",
    });
    await expect(
      runErasure(db, admin, erasureId, {
        beforeStepCommit: (step) => {
          if (step === "erase_stewardship") throw new Error("disk full");
        },
      }),
    ).rejects.toThrow(/stopped at step "erase_stewardship".*resumes/);
    const log = await db
      .select()
      .from(privacyRequestLog)
      .where(eq(privacyRequestLog.requestId, erasureId))
      .orderBy(asc(privacyRequestLog.id));
    const completed = log.filter((l) => l.status === "completed").map((l) => l.step);
    expect(completed).toEqual([
      "receive",
      "verify_identity",
      "erase_plan",
      "suppress",
      "erase_consent",
      "erase_interactions",
      "erase_relationships",
    ]);
    expect(log.at(-1)).toMatchObject({
      step: "erase_stewardship",
      status: "failed",
      detail: { error: "Error" },
    });
    // The failed step rolled back whole: its review task is still there; the request is open, not completed.
    expect(await db.select().from(reviewTasks)).toHaveLength(1);
    expect(
      (await db.select().from(privacyRequests).where(eq(privacyRequests.id, erasureId)))[0]!.status,
    ).toBe("in_progress");
    expect(await listPendingErasures(db)).toEqual([erasureId]);

    const pass = await resumePendingErasures(db, systemActor("scheduler"));
    expect(pass).toEqual({ completed: [erasureId], failed: [] });
    const steps = (
      await db
        .select()
        .from(privacyRequestLog)
        .where(and(eq(privacyRequestLog.requestId, erasureId), eq(privacyRequestLog.status, "completed")))
    ).map((l) => l.step);
    // Each step completed exactly once across both runs.
    for (const step of ERASURE_STEPS)
      expect(
        steps.filter((s) => s === step),
        step,
      ).toHaveLength(1);
    expect(await listPendingErasures(db)).toEqual([]);
  });

  it("leaves no trace of the subject in any table", async () => {
    expect(await traces(db, NEEDLES)).toEqual([]);
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, subjectProfileId));
    expect(profile).toMatchObject({ status: "erased", displayName: null, searchText: "" });
    const [request] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, erasureId));
    expect(request).toMatchObject({ status: "completed", subject: { erased: true } });
    expect(request!.completedAt).not.toBeNull();
    // The ledger keeps what was consented, pseudonymised; the current state of an erased profile is gone.
    const events = await db.select().from(consentEvents);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.subjectIdentities.erased === true && e.origin === null)).toBe(true);
    expect(await db.select().from(consentState)).toHaveLength(0);
    // The segment stays, without her, and says it was edited so someone reviews its rule.
    const [segment] = await db.select().from(segments).where(eq(segments.id, segmentId));
    expect(segment!.name).toMatch(/^\[erased\] and friends \(/);
    expect(segment!.description).toContain(`Edited by erasure (privacy request ${erasureId})`);
    expect(JSON.stringify(segment!.definition)).toContain('"value":"[erased]"');
    expect(JSON.stringify(segment!.definition)).toContain('"value":"Boston"');
  });

  it("keeps the bystander whole", async () => {
    const [bystander] = await db.select().from(profiles).where(eq(profiles.id, bystanderProfileId));
    expect(bystander).toMatchObject({ status: "active", displayName: "Barnaby Okonkwo" });
    expect(
      await db.select().from(sourceRecords).where(eq(sourceRecords.profileId, bystanderProfileId)),
    ).toHaveLength(1);
    expect(await db.select().from(interactions)).toHaveLength(1);
    expect((await traces(db, ["barnaby@example.org"])).length).toBeGreaterThan(0);
  });

  it("keeps a tombstone in the audit log, without personal data", async () => {
    const [tombstone] = await db.select().from(auditLog).where(eq(auditLog.action, "privacy.erasure"));
    expect(tombstone).toMatchObject({
      entityType: "privacy_request",
      entityId: erasureId,
      actorLabel: "scheduler",
    });
    expect(tombstone!.details).toMatchObject({
      tombstone: true,
      profileIds: expect.arrayContaining([subjectProfileId]),
    });
    // The earlier entries about the profile are still there (who looked at it), scrubbed.
    const notes = await db.select().from(auditLog).where(eq(auditLog.action, "profile.note"));
    expect(notes[0]!.details).toEqual({ note: "called [erased] about [erased]" });
  });

  it("refuses the subject when a source sends them again, whatever the spelling", async () => {
    const again = await importRecords(db, {
      source: crm,
      rows: rowItems([subjectRow]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    expect(again).toMatchObject({ accepted: 0, rejected: 1 });
    expect(again.errors[0]!.reason).toMatch(/erased subject/);
    const otherSpelling = await importRecords(db, {
      source: shop,
      rows: rowItems([
        { record_id: "shop-77", email: "ZEPHYRINE.Q@example.com" },
        { record_id: "shop-78", phone: "415.555.0199" },
        { record_id: "shop-79", first_name: "ZEPHYRINE", last_name: "quillfeather", dob: "12/07/1984" },
        { record_id: "shop-80", first_name: "Someone", last_name: "Else", email: "someone@example.net" },
        // No email, phone or birth date: a name, an address and the national id, spelled otherwise.
        {
          record_id: "shop-81",
          full_name: "Zephyra Q.",
          street: "17 Larkspur Ln",
          national_id: "521 44 9087",
        },
      ]),
      origin: "api",
      actor: admin,
      resolve: null,
      standardize: { dateOrder: "dmy" },
    });
    expect(otherSpelling).toMatchObject({ accepted: 1, rejected: 4 });
    expect(otherSpelling.errors.find((e) => e.row === 5)?.reason).toMatch(/erased subject/);
    expect(await traces(db, ["zephyrine", "quillfeather", "4155550199"])).toEqual([]);
  });

  it("refuses events naming the erased subject by userId, email or phone; her anonymous id no longer leads to anyone", async () => {
    const at = "2026-02-01T10:00:00Z";
    const again = await ingestEvents(
      db,
      web,
      [
        { type: "track", messageId: "z-1", userId: "crm-1", event: "Viewed", timestamp: at },
        {
          type: "track",
          messageId: "z-2",
          event: "Viewed",
          context: { traits: { email: "ZEPHYRINE.Q@example.com" } },
          timestamp: at,
        },
        {
          type: "track",
          messageId: "z-3",
          event: "Viewed",
          context: { traits: { phone: "415.555.0199" } },
          timestamp: at,
        },
        { type: "page", messageId: "z-4", anonymousId: "anon-zq", timestamp: at },
      ],
      admin,
    );
    expect(again.results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "accepted"]);
    expect(again.results[0]!.reason).toMatch(/erased subject/);
    expect(again.results[3]).toMatchObject({ profileId: null, unattributedReason: "unknown_anonymous_id" });
    expect(await traces(db, ["zephyrine", "4155550199", "crm-1"])).toEqual([]);
  });

  it("answers a retry of a completed erasure with its outcome, changing nothing", async () => {
    const audit = await db.select().from(auditLog);
    const outcome = await retryErasure(db, admin, { requestId: erasureId });
    expect(outcome).toMatchObject({ status: "completed", performed: [] });
    expect((await db.select().from(auditLog)).length).toBe(audit.length + 1); // the retry itself is audited
  });

  it("erases no one when nothing is held, yet suppresses the identities given", async () => {
    const request = await createPrivacyRequest(db, admin, {
      kind: "erasure",
      subject: { email: "nobody@nowhere.example" },
    });
    expect(request.profileMatch).toBe("none");
    await verifyPrivacyRequest(db, admin, { requestId: request.id, method: "email_confirmation" });
    const outcome = await fulfilPrivacyRequest(db, admin, { requestId: request.id });
    expect(outcome).toMatchObject({ status: "completed", noDataHeld: true });
    const refused = await importRecords(db, {
      source: crm,
      rows: rowItems([{ record_id: "crm-99", email: "Nobody@Nowhere.example" }]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    expect(refused).toMatchObject({ accepted: 0, rejected: 1 });
  });
});
