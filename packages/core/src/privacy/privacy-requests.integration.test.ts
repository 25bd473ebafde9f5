// The life of a data-subject request on a real database: bad input, duplicates, verification before fulfilment,
// the deadline list, access and portability exports, rectification with re-derived golden values.
import {
  auditLog,
  goldenAttributes,
  interactions,
  privacyRequests,
  sourceRecords,
  sourceRecordVersions,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { publishNotice } from "../consent/manage-notices";
import { createPurpose, ensureStandardPurposes } from "../consent/manage-purposes";
import { recordConsentEvent } from "../consent/record-consent-event";
import { failure } from "../errors.testing";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { createSource, type PublicSource } from "../sources/manage-sources";
import { mergeProfiles } from "../stewardship/merge-profiles";
import { createProfile } from "../stewardship/stewardship-fixtures.testing";
import { demoActor } from "../users/demo-actor.testing";
import { buildSubjectExport } from "./build-subject-export";
import { createPrivacyRequest } from "./create-privacy-request";
import { fulfilPrivacyRequest } from "./fulfil-privacy-request";
import {
  downloadPrivacyExport,
  getPrivacyRequest,
  listPrivacyRequests,
  lookupPrivacySubject,
} from "./list-privacy-requests";
import {
  linkPrivacyRequestProfile,
  rejectPrivacyRequest,
  startPrivacyVerification,
  verifyPrivacyRequest,
} from "./review-privacy-request";

describe("privacy requests", () => {
  let handle: TestDatabase;
  let db: TestDatabase["db"];
  let admin: Actor;
  let governance: Actor;
  let crm: PublicSource;
  let profileId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    const userOf = (email: string) => demoActor(db, email);
    admin = await userOf("admin@example.com");
    governance = await userOf("governance@example.com");
    crm = await createSource(db, admin, { name: "crm", kind: "crm", fieldMapping: { mail: "email" } });
    await importRecords(db, {
      source: crm,
      rows: rowItems([
        {
          record_id: "c-1",
          first_name: "Ottoline",
          last_name: "Marsh",
          mail: "otto.marsh@example.com",
          phone: "+44 20 7946 0958",
          city: "Leeds",
        },
        {
          record_id: "c-2",
          first_name: "Ottoline",
          last_name: "Marsh",
          mail: "otto.marsh@example.com",
          city: "Leeds",
        },
      ]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    const records = await db.select().from(sourceRecords).orderBy(sourceRecords.externalId);
    profileId = await createProfile(
      db,
      records.map((r) => r.id),
    );
    // What else is held about her: a purchase, a consent given on a notice, a purpose relying on contract.
    await db.insert(interactions).values({
      profileId,
      sourceRecordId: records[0]!.id,
      sourceId: crm.id,
      externalId: "order-7",
      channel: "purchase",
      type: "order.placed",
      occurredAt: new Date("2026-01-10T10:00:00Z"),
    });
    await ensureStandardPurposes(db, governance);
    await createPurpose(db, governance, {
      key: "service.delivery",
      name: "Delivering orders",
      legalBasis: "contract",
    });
    await publishNotice(db, governance, {
      noticeKey: "newsletter",
      purposeKey: "marketing.email",
      title: "News",
      body: "Monthly news.",
    });
    await recordConsentEvent(db, governance, {
      subject: { email: "otto.marsh@example.com" },
      purpose: "marketing.email",
      status: "given",
      notice: { key: "newsletter", version: 1 },
      method: "web_form",
    });
  });
  afterAll(async () => handle?.destroy());

  it("refuses an unknown kind and a request that says not who it is about, by name", async () => {
    expect(
      (
        await failure(
          createPrivacyRequest(db, admin, {
            kind: "deletion" as "erasure",
            subject: { email: "a@b.example" },
          }),
        )
      ).message,
    ).toMatch(
      /Unknown request kind .{0,3}deletion.{0,3}: it must be access, erasure, rectification or portability/,
    );
    expect(
      (await failure(createPrivacyRequest(db, admin, { kind: "access", subject: { email: "  " } }))).message,
    ).toMatch(/Say who the request is about/);
    expect(
      (await failure(createPrivacyRequest(db, admin, { kind: "access", subject: { email: "not-an-email" } })))
        .message,
    ).toMatch(/email is not an email address/);
    expect(
      (await failure(createPrivacyRequest(db, admin, { kind: "access", subject: { externalId: "c-1" } })))
        .message,
    ).toMatch(/needs its source/);
    expect(await db.select().from(privacyRequests)).toHaveLength(0);
  });

  it("records one request per subject and kind while it is open, however the identity is spelled", async () => {
    const first = await createPrivacyRequest(db, admin, {
      kind: "access",
      subject: { email: "Otto.Marsh@Example.com" },
    });
    expect(first).toMatchObject({ status: "received", profileMatch: "exact", profileId });
    const again = await failure(
      createPrivacyRequest(db, admin, { kind: "access", subject: { email: "otto.marsh@example.com " } }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain(first.id);
    // Two at the same instant: the unique index lets exactly one in.
    const racing = await Promise.allSettled([
      createPrivacyRequest(db, admin, { kind: "portability", subject: { phone: "+442079460958" } }),
      createPrivacyRequest(db, admin, {
        kind: "portability",
        subject: { phone: "020 7946 0958".replace(/^0/, "+44 ") },
      }),
    ]);
    expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await db.select().from(privacyRequests).where(eq(privacyRequests.kind, "portability")),
    ).toHaveLength(1);
  });

  it("dates the deadline one calendar month from receipt", async () => {
    const request = await createPrivacyRequest(db, admin, {
      kind: "rectification",
      subject: { name: "Ottoline Marsh", sourceName: "crm", externalId: "c-2" },
      receivedAt: new Date("2026-01-31T09:30:00Z"),
    });
    expect(request.dueAt.toISOString()).toBe("2026-02-28T09:30:00.000Z");
    expect(request.profileMatch).toBe("exact");
  });

  it("lists open requests against their deadlines, overdue first, masked for a role without profile:pii", async () => {
    const list = await listPrivacyRequests(db, governance, {});
    expect(list.masked).toBe(true);
    expect(list.requests[0]).toMatchObject({ kind: "rectification", deadline: "overdue" });
    expect(list.counts.overdue).toBe(1);
    expect(list.requests.map((r) => r.dueAt.getTime())).toEqual(
      [...list.requests.map((r) => r.dueAt.getTime())].sort((a, b) => a - b),
    );
    expect(JSON.stringify(list.requests)).not.toContain("otto.marsh@example.com");
    const clear = await listPrivacyRequests(db, admin, { sort: "due_desc" });
    expect(clear.requests.at(-1)!.kind).toBe("rectification");
    expect(JSON.stringify(clear.requests)).toContain("Otto.Marsh@Example.com");
    expect(
      (await db.select().from(auditLog).where(eq(auditLog.action, "privacy.request_list_pii"))).length,
    ).toBe(1);
  });

  it("fulfils nothing before identity is verified, then exports everything held with sources and purposes", async () => {
    const [access] = (await listPrivacyRequests(db, admin, { kind: "access" })).requests;
    expect((await failure(fulfilPrivacyRequest(db, admin, { requestId: access!.id }))).message).toMatch(
      /Verify the requester's identity first/,
    );
    await startPrivacyVerification(db, admin, { requestId: access!.id });
    expect(
      (
        await failure(
          verifyPrivacyRequest(db, admin, { requestId: access!.id, method: "telepathy" as "other" }),
        )
      ).message,
    ).toMatch(/Say how identity was verified/);
    await verifyPrivacyRequest(db, admin, { requestId: access!.id, method: "email_confirmation" });
    expect(await fulfilPrivacyRequest(db, admin, { requestId: access!.id })).toMatchObject({
      status: "completed",
      noDataHeld: false,
    });
    const file = await downloadPrivacyExport(db, admin, { requestId: access!.id, format: "json" });
    const data = JSON.parse(file.content) as {
      format: string;
      goldenAttributes: { attribute: string; value: unknown; sourceName: string }[];
      sourceRecords: { externalId: string; versions: unknown[]; sourceName: string }[];
      interactions: Record<string, unknown>[];
      consent: { events: Record<string, unknown>[]; current: Record<string, unknown>[] };
      purposes: { key: string; legalBasis: string }[];
    };
    expect(data.format).toBe("c360.subject-export/v1");
    expect(data.goldenAttributes.find((g) => g.attribute === "email")).toMatchObject({
      value: "otto.marsh@example.com",
      sourceName: "crm",
    });
    expect(data.sourceRecords.map((r) => [r.externalId, r.versions.length])).toEqual([
      ["c-1", 1],
      ["c-2", 1],
    ]);
    expect(data.sourceRecords.every((r) => r.sourceName === "crm")).toBe(true);
    expect(data.interactions).toEqual([
      expect.objectContaining({ sourceName: "crm", externalId: "order-7", type: "order.placed" }),
    ]);
    expect(data.consent.events).toEqual([
      expect.objectContaining({
        purpose: "marketing.email",
        status: "given",
        notice: "newsletter",
        noticeVersion: 1,
        method: "web_form",
      }),
    ]);
    expect(data.consent.current).toEqual([
      expect.objectContaining({ purpose: "marketing.email", channel: "email", status: "given" }),
    ]);
    // The purposes her data serves: the one she was asked about, and those relying on another legal basis.
    expect(data.purposes.map((p) => [p.key, p.legalBasis])).toEqual([
      ["marketing.email", "consent"],
      ["service.delivery", "contract"],
    ]);
    expect(
      (await failure(downloadPrivacyExport(db, admin, { requestId: access!.id, format: "csv" }))).message,
    ).toMatch(/CSV is offered for portability/);
    const detail = await getPrivacyRequest(db, governance, { requestId: access!.id });
    expect(detail.log.map((l) => `${l.step}:${l.status}`)).toEqual([
      "receive:completed",
      "verify_identity:started",
      "verify_identity:completed",
      "export:completed",
    ]);
    expect(detail.exportSummary).toMatchObject({ sourceRecords: 2, goldenAttributes: expect.any(Number) });
    expect(detail.masked).toBe(true);
  });

  it("gives portability as JSON and CSV of what the subject provided", async () => {
    const [request] = (await listPrivacyRequests(db, admin, { kind: "portability" })).requests;
    await verifyPrivacyRequest(db, admin, { requestId: request!.id, method: "signed_in_account" });
    await fulfilPrivacyRequest(db, admin, { requestId: request!.id });
    const csv = await downloadPrivacyExport(db, admin, { requestId: request!.id, format: "csv" });
    const lines = csv.content.trim().split("\r\n");
    expect(lines[0]).toBe("source,external_id,city,first_name,last_name,mail,phone,record_id");
    expect(lines[1]).toBe("crm,c-1,Leeds,Ottoline,Marsh,otto.marsh@example.com,+44 20 7946 0958,c-1");
    const json = JSON.parse(
      (await downloadPrivacyExport(db, admin, { requestId: request!.id, format: "json" })).content,
    ) as { records: unknown[] };
    expect(json.records).toHaveLength(2);
  });

  it("rectifies a value in every source record that holds it, keeps the old version, and re-derives the golden profile", async () => {
    const [request] = (await listPrivacyRequests(db, admin, { kind: "rectification" })).requests;
    await verifyPrivacyRequest(db, admin, { requestId: request!.id, method: "identity_document" });
    expect((await failure(fulfilPrivacyRequest(db, admin, { requestId: request!.id }))).message).toMatch(
      /Say what to correct/,
    );
    await fulfilPrivacyRequest(db, admin, {
      requestId: request!.id,
      changes: [{ field: "email", value: "O.Marsh@Example.org" }],
    });
    const [email] = await db
      .select()
      .from(goldenAttributes)
      .where(and(eq(goldenAttributes.profileId, profileId), eq(goldenAttributes.attribute, "email")));
    expect(email!.value).toBe("o.marsh@example.org");
    const records = await db.select().from(sourceRecords).orderBy(sourceRecords.externalId);
    expect(records.map((r) => [r.currentVersion, r.raw.mail])).toEqual([
      [2, "O.Marsh@Example.org"],
      [2, "O.Marsh@Example.org"],
    ]);
    const versions = await db
      .select()
      .from(sourceRecordVersions)
      .where(eq(sourceRecordVersions.recordId, records[0]!.id))
      .orderBy(sourceRecordVersions.version);
    expect(versions.map((v) => v.raw.mail)).toEqual(["otto.marsh@example.com", "O.Marsh@Example.org"]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "privacy.rectification"));
    expect(audit!.details).toMatchObject({ changes: [{ field: "email", records: 2 }] });
    expect(JSON.stringify(audit!.details)).not.toContain("marsh");
    // What the subject can see of it afterwards: the corrected value held as an override, with why.
    const held = await buildSubjectExport(
      db,
      [profileId],
      records.map((r) => r.id),
      { email: "o.marsh@example.org", phone: null },
    );
    expect(held.goldenOverrides).toEqual([
      expect.objectContaining({ attribute: "email", value: "o.marsh@example.org", origin: "rectification" }),
    ]);
  });

  it("records a request about someone unknown and completes it with no data held", async () => {
    const request = await createPrivacyRequest(db, admin, {
      kind: "access",
      subject: { email: "stranger@example.net", name: "Stranger Danger" },
    });
    expect(request).toMatchObject({ profileMatch: "none", profileId: null });
    await verifyPrivacyRequest(db, admin, { requestId: request.id, method: "email_confirmation" });
    expect(await fulfilPrivacyRequest(db, admin, { requestId: request.id })).toMatchObject({
      noDataHeld: true,
    });
    expect((await failure(downloadPrivacyExport(db, admin, { requestId: request.id }))).message).toMatch(
      /No data is held/,
    );
  });

  it("rejects with a reason, links a chosen profile, and refuses changes to a closed request", async () => {
    const request = await createPrivacyRequest(db, admin, { kind: "erasure", subject: { name: "O. Marsh" } });
    expect(request.profileMatch).toBe("none");
    await linkPrivacyRequestProfile(db, admin, { requestId: request.id, profileId });
    expect((await getPrivacyRequest(db, admin, { requestId: request.id })).profileId).toBe(profileId);
    expect(
      (await failure(rejectPrivacyRequest(db, admin, { requestId: request.id, reason: "" }))).message,
    ).toMatch(/reason/);
    await rejectPrivacyRequest(db, admin, {
      requestId: request.id,
      reason: "Could not verify identity after two reminders",
    });
    expect(
      (await failure(verifyPrivacyRequest(db, admin, { requestId: request.id, method: "other" }))).code,
    ).toBe("PRECONDITION_FAILED");
    expect((await failure(fulfilPrivacyRequest(db, admin, { requestId: request.id }))).message).toMatch(
      /rejected/,
    );
  });

  it("looks subjects up with the profile search, masked without profile:pii", async () => {
    const clear = await lookupPrivacySubject(db, admin, { query: "ottoline marsh" });
    expect(clear.hits[0]).toMatchObject({ id: profileId });
    const masked = await lookupPrivacySubject(db, governance, { query: "ottoline marsh" });
    expect(masked.masked).toBe(true);
    expect(masked.hits[0]!.email).not.toContain("marsh");
  });

  it("follows the subject's profile when it is merged after the request was made", async () => {
    await importRecords(db, {
      source: crm,
      rows: rowItems([
        { record_id: "c-3", first_name: "Otto", last_name: "Marsh", mail: "otto.m@example.com" },
      ]),
      origin: "file",
      actor: admin,
      resolve: null,
    });
    const [record] = await db.select().from(sourceRecords).where(eq(sourceRecords.externalId, "c-3"));
    const newer = await createProfile(db, [record!.id]);
    const request = await createPrivacyRequest(db, admin, {
      kind: "access",
      subject: { email: "otto.m@example.com" },
    });
    expect(request.profileId).toBe(newer);
    await mergeProfiles(db, admin, {
      profileIds: [profileId, newer],
      survivorId: profileId,
      reason: "same person",
    });
    await verifyPrivacyRequest(db, admin, { requestId: request.id, method: "email_confirmation" });
    await fulfilPrivacyRequest(db, admin, { requestId: request.id });
    const data = JSON.parse((await downloadPrivacyExport(db, admin, { requestId: request.id })).content) as {
      sourceRecords: { externalId: string }[];
    };
    expect(data.sourceRecords.map((r) => r.externalId)).toEqual(["c-1", "c-2", "c-3"]);
  });
});
