import type { Database } from "@c360/db/client";
import { auditLog, consentEvents, consentNotices, consentState, users } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor, type Actor } from "../actor";
import { readRows } from "../ingest/read-rows";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { attachUnattributedConsent } from "./attach-unattributed-consent";
import { getProfileConsent } from "./get-profile-consent";
import { getProfileView } from "../profiles/get-profile-view";
import { importConsentEvents } from "./import-consent-events";
import { publishNotice } from "./manage-notices";
import { createPurpose, ensureStandardPurposes, listPurposes } from "./manage-purposes";
import { recordConsentEvent } from "./record-consent-event";
import { recordGpcOptOut } from "./record-gpc-opt-out";
import { recordStewardConsent } from "./record-steward-consent";
import { authenticateConsentCollector, collectConsent } from "./consent-collection";
import { rotateSourceToken } from "../sources/source-tokens";
import { systemActor } from "../actor";

describe("consent purposes, notices and the ledger", () => {
  let handle: TestDatabase;
  let db: Database;
  let lead: Actor;
  let crm: string;
  let ada: string;

  async function stateOf(profileId: string, purposeKey: string, channel: string) {
    const rows =
      await db.execute(sql`select cs.status::text as status, cs.last_event_id from consent_state cs join consent_purposes p on p.id = cs.purpose_id
      where cs.profile_id = ${profileId}::uuid and p.key = ${purposeKey} and cs.channel = ${channel}`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      status: string;
      last_event_id: number;
    }[];
    return list[0] ? { status: list[0].status, last_event_id: Number(list[0].last_event_id) } : null;
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    await ensureDemoUsers(db);
    const [user] = await db.select().from(users).where(eq(users.email, "governance@example.com"));
    lead = userActor(user!);
    expect(await ensureStandardPurposes(db, lead)).toContain("marketing.email");
    expect(await ensureStandardPurposes(db, lead)).toEqual([]);
    crm = await createSource(db, "crm");
    const record = await createRecord(db, crm, {
      first_name: "Ada",
      last_name: "Lovelace",
      email: "Ada.Lovelace@Example.com",
      phone: "(210) 240-6611",
    });
    ada = await createProfile(db, [record]);
  });
  afterAll(async () => handle?.destroy());

  it("publishes every notice edit as a new version and refuses to edit a published one", async () => {
    const v1 = await publishNotice(db, lead, {
      noticeKey: "newsletter",
      purposeKey: "marketing.email",
      title: "Newsletter",
      body: "Monthly news.",
    });
    const v2 = await publishNotice(db, lead, {
      noticeKey: "newsletter",
      purposeKey: "marketing.email",
      title: "Newsletter",
      body: "Weekly news.",
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await expect(
      db.update(consentNotices).set({ body: "rewritten" }).where(eq(consentNotices.id, v1.id)),
    ).rejects.toThrow();
    const [kept] = await db.select().from(consentNotices).where(eq(consentNotices.id, v1.id));
    expect(kept!.body).toBe("Monthly news.");
    await expect(
      publishNotice(db, lead, {
        noticeKey: "newsletter",
        purposeKey: "marketing.sms",
        title: "x",
        body: "y",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("another purpose"),
    });
    const purposes = await listPurposes(db);
    expect(purposes.find((p) => p.key === "marketing.email")!.notices.map((n) => n.version)).toEqual([1, 2]);
    expect(purposes.find((p) => p.key === "sale.personal_data")!.gpc).toBe(true);
    await expect(createPurpose(db, lead, { key: "Marketing Email", name: "x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("attributes an event by email to the golden profile, keeps the projection and records a repeat once", async () => {
    const event = {
      subject: { email: "ada.lovelace@example.com" },
      purpose: "marketing.email",
      status: "given" as const,
      notice: { key: "newsletter", version: 2 },
      method: "web_form",
      origin: "https://shop.example.com/signup",
      capturedAt: "2026-01-05T10:00:00Z",
    };
    const first = await recordConsentEvent(db, lead, event);
    expect(first).toMatchObject({ profileId: ada, channel: "email", status: "given", duplicate: false });
    const again = await recordConsentEvent(db, lead, event);
    expect(again).toMatchObject({ eventId: first.eventId, duplicate: true });
    const keyed = await recordConsentEvent(db, lead, {
      subject: { phone: "+1 210 240 6611" },
      purpose: "marketing.sms",
      status: "given",
      idempotencyKey: "sms-1",
    });
    const keyedAgain = await recordConsentEvent(db, lead, {
      subject: { phone: "+1 210 240 6611" },
      purpose: "marketing.sms",
      status: "given",
      idempotencyKey: "sms-1",
    });
    expect(keyed.profileId).toBe(ada);
    expect(keyedAgain).toMatchObject({ eventId: keyed.eventId, duplicate: true });
    const events = await db.select().from(consentEvents).where(eq(consentEvents.profileId, ada));
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.id === first.eventId)!.subjectIdentities).toEqual({
      email: "ada.lovelace@example.com",
    });
    expect(await stateOf(ada, "marketing.email", "email")).toMatchObject({
      status: "given",
      last_event_id: first.eventId,
    });
  });

  it("refuses an unknown purpose, an unknown notice version and a notice of another purpose, naming them, and stores nothing", async () => {
    const before = (await db.select().from(consentEvents)).length;
    await expect(
      recordConsentEvent(db, lead, {
        subject: { profileId: ada },
        purpose: "marketing.pigeon",
        status: "given",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Unknown consent purpose marketing.pigeon"),
    });
    await expect(
      recordConsentEvent(db, lead, {
        subject: { profileId: ada },
        purpose: "marketing.email",
        status: "given",
        notice: { key: "newsletter", version: 7 },
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/newsletter version 7 does not exist \(the latest is version 2\)/),
    });
    await expect(
      recordConsentEvent(db, lead, {
        subject: { profileId: ada },
        purpose: "marketing.sms",
        status: "given",
        notice: { key: "newsletter", version: 1 },
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("not about the purpose marketing.sms") });
    await expect(
      recordConsentEvent(db, lead, { subject: {}, purpose: "marketing.email", status: "given" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("Say whose consent it is"),
    });
    await expect(
      recordConsentEvent(db, lead, {
        subject: { profileId: ada },
        purpose: "marketing.email",
        status: "maybe" as "given",
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("status must be one of given, refused, withdrawn, expired"),
    });
    expect((await db.select().from(consentEvents)).length).toBe(before);
  });

  it("lets the latest effective event win: a late import of an older consent does not overturn a newer withdrawal", async () => {
    const withdrawn = await recordConsentEvent(db, lead, {
      subject: { profileId: ada },
      purpose: "analytics.profiling",
      status: "withdrawn",
      capturedAt: "2026-03-01T00:00:00Z",
    });
    await recordConsentEvent(db, lead, {
      subject: { profileId: ada },
      purpose: "analytics.profiling",
      status: "given",
      capturedAt: "2025-06-01T00:00:00Z",
    });
    expect(await stateOf(ada, "analytics.profiling", "")).toMatchObject({
      status: "withdrawn",
      last_event_id: withdrawn.eventId,
    });
    // "Since" is when the withdrawal took effect (1 March), not when the state row was written (today).
    const view = await getProfileConsent(db, lead, ada);
    const cell = view.grid.find((g) => g.purposeKey === "analytics.profiling")!.cells[0]!;
    expect(cell.since?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    const profile = await getProfileView(db, lead, { id: ada });
    expect(
      profile.consents.current.find((c) => c.purposeKey === "analytics.profiling")!.since.toISOString(),
    ).toBe("2026-03-01T00:00:00.000Z");
  });

  it("reads a given consent past its expiry as expired", async () => {
    await recordConsentEvent(db, lead, {
      subject: { profileId: ada },
      purpose: "marketing.phone",
      status: "given",
      capturedAt: "2020-01-01T00:00:00Z",
      expiresAt: "2021-01-01T00:00:00Z",
    });
    const view = await getProfileConsent(db, lead, ada);
    const phone = view.grid.find((g) => g.purposeKey === "marketing.phone")!.cells[0]!;
    expect(phone).toMatchObject({ channel: "phone", status: "expired" });
    // Expired since its expiry, not since it was given.
    expect(phone.since?.toISOString()).toBe("2021-01-01T00:00:00.000Z");
    // The 360 profile says so too, rather than "given until" a date that has passed.
    const profile = await getProfileView(db, lead, { id: ada });
    expect(profile.consents.current.find((c) => c.purposeKey === "marketing.phone")).toMatchObject({
      status: "expired",
    });
    // The lead has no profile:pii: identities in the history are masked.
    expect(view.history.find((h) => h.purposeKey === "marketing.email")!.subject.email).toBe("a•••@•••.com");
  });

  it("records a Global Privacy Control signal as a refusal of every sale and sharing purpose", async () => {
    const recorded = await recordGpcOptOut(
      db,
      lead,
      { email: "ada.lovelace@example.com" },
      { origin: "https://shop.example.com", userAgent: "Firefox", idempotencyKey: "gpc-1" },
    );
    expect(recorded.map((r) => r.purposeKey).sort()).toEqual(["sale.personal_data", "sharing.third_party"]);
    expect(recorded.every((r) => r.status === "refused" && r.profileId === ada)).toBe(true);
    const again = await recordGpcOptOut(
      db,
      lead,
      { email: "ada.lovelace@example.com" },
      { idempotencyKey: "gpc-1" },
    );
    expect(again.every((r) => r.duplicate)).toBe(true);
    const gpcEvents = await db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.profileId, ada), eq(consentEvents.method, "gpc")));
    expect(gpcEvents).toHaveLength(2);
  });

  it("gives and withdraws from the portal as one action each, audited", async () => {
    await recordStewardConsent(db, lead, {
      profileId: ada,
      purposeKey: "sharing.third_party",
      status: "given",
      note: "phone call",
    });
    expect((await stateOf(ada, "sharing.third_party", ""))!.status).toBe("given");
    await recordStewardConsent(db, lead, {
      profileId: ada,
      purposeKey: "sharing.third_party",
      status: "withdrawn",
    });
    expect((await stateOf(ada, "sharing.third_party", ""))!.status).toBe("withdrawn");
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "consent.record"));
    expect(audits.map((a) => a.details.status)).toEqual(["given", "withdrawn"]);
  });

  it("imports a CSV of events: good rows recorded, bad rows reported by number, a re-import adds nothing", async () => {
    const csv = [
      "email,purpose,channel,status,notice_key,notice_version,captured_at,origin",
      "ada.lovelace@example.com,marketing.email,email,withdrawn,newsletter,2,2026-04-01T09:00:00Z,crm-export",
      "grace@example.com,marketing.email,,given,newsletter,1,2026-04-02T09:00:00Z,crm-export",
      "ada.lovelace@example.com,marketing.fax,,given,,,2026-04-03T09:00:00Z,crm-export",
      "ada.lovelace@example.com,marketing.email,,given,newsletter,9,2026-04-03T09:00:00Z,crm-export",
      "ada.lovelace@example.com,marketing.email,,given,,,yesterday,crm-export",
    ].join("\n");
    const summary = await importConsentEvents(db, lead, {
      rows: readRows([csv], "csv"),
      fileName: "consents.csv",
    });
    expect(summary).toMatchObject({ rows: 5, recorded: 2, unattributed: 1, rejected: 3 });
    expect(summary.errors.map((e) => e.row)).toEqual([4, 5, 6]);
    expect(summary.errors[0]!.reason).toContain("marketing.fax");
    expect(summary.errors[1]!.reason).toContain("newsletter version 9");
    expect(summary.errors[2]!.reason).toContain("capturedAt");
    expect((await stateOf(ada, "marketing.email", "email"))!.status).toBe("withdrawn");
    const again = await importConsentEvents(db, lead, {
      rows: readRows([csv], "csv"),
      fileName: "consents.csv",
    });
    expect(again).toMatchObject({ recorded: 0, duplicates: 2, rejected: 3 });
  });

  it("attaches an unattributed event once its person has a profile", async () => {
    const [waiting] = await db
      .select()
      .from(consentEvents)
      .where(sql`${consentEvents.subjectIdentities} ->> 'email' = 'grace@example.com'`);
    expect(waiting!.profileId).toBeNull();
    const record = await createRecord(db, crm, {
      first_name: "Grace",
      last_name: "Hopper",
      email: "grace@example.com",
    });
    const grace = await createProfile(db, [record]);
    expect(await attachUnattributedConsent(db)).toMatchObject({ attached: 1 });
    const [attached] = await db.select().from(consentEvents).where(eq(consentEvents.id, waiting!.id));
    expect(attached!.profileId).toBe(grace);
    expect((await stateOf(grace, "marketing.email", "email"))!.status).toBe("given");
    const states = await db.select().from(consentState).where(eq(consentState.profileId, grace));
    expect(states).toHaveLength(1);
  });
  it("takes capture requests from a source's token; a GPC header alone records the sale and sharing opt-out", async () => {
    const { token } = await rotateSourceToken(db, lead, "crm");
    expect(await authenticateConsentCollector(db, token)).toEqual({ name: "crm" });
    expect(await authenticateConsentCollector(db, `${token}x`)).toBeNull();
    const actor = systemActor("source:crm");
    const gpcOnly = await collectConsent(db, actor, {
      body: { subject: { phone: "+12102406611" } },
      gpc: true,
      userAgent: "Brave",
      idempotencyKey: "req-9",
    });
    expect(gpcOnly.events).toEqual([]);
    expect(gpcOnly.gpc.map((e) => [e.purposeKey, e.status, e.profileId])).toEqual([
      ["sale.personal_data", "refused", ada],
      ["sharing.third_party", "refused", ada],
    ]);
    const both = await collectConsent(db, actor, {
      body: [
        {
          subject: { email: "ada.lovelace@example.com" },
          purpose: "marketing.email",
          status: "given",
          capturedAt: "2026-05-01T00:00:00Z",
        },
      ],
      gpc: false,
      origin: "https://shop.example.com/checkout",
    });
    expect(both.events[0]).toMatchObject({ profileId: ada, status: "given", duplicate: false });
    await expect(
      collectConsent(db, actor, {
        body: [{ subject: { email: "x@example.com" }, purpose: "nope", status: "given" }, {}],
        gpc: false,
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("Event 1: Unknown consent purpose nope"),
    });
  });
  it("records a keyless repeat of the latest event once (a double click, a re-posted form, a GPC header on every request), and every new decision", async () => {
    const click = {
      profileId: ada,
      purposeKey: "marketing.sms",
      status: "withdrawn" as const,
      note: "letter",
    };
    const first = await recordStewardConsent(db, lead, click);
    expect(first.duplicate).toBe(false);
    expect(await recordStewardConsent(db, lead, click)).toMatchObject({
      eventId: first.eventId,
      duplicate: true,
    });
    // Two at the same instant: one event.
    const form = {
      subject: { email: "ada.lovelace@example.com" },
      purpose: "marketing.phone",
      status: "refused" as const,
      method: "web_form",
      origin: "https://shop.example.com/prefs",
      userAgent: "Firefox",
    };
    const racing = await Promise.all([
      recordConsentEvent(db, lead, form),
      recordConsentEvent(db, lead, form),
    ]);
    expect(racing.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(racing[0]!.eventId).toBe(racing[1]!.eventId);
    // Give, withdraw, give: three decisions, all recorded; the same words from elsewhere are another submission.
    const said = [];
    for (const status of ["given", "withdrawn", "given"] as const)
      said.push(await recordStewardConsent(db, lead, { ...click, status }));
    expect(said.map((r) => r.duplicate)).toEqual([false, false, false]);
    expect((await recordConsentEvent(db, lead, { ...form, userAgent: "Safari" })).duplicate).toBe(false);
    expect((await stateOf(ada, "marketing.sms", "sms"))!.status).toBe("given");

    // The same words after the window are a new submission (a renewal); the row is written as if an hour old.
    const [purpose] = await db
      .execute(sql`select id from consent_purposes where key = 'analytics.profiling'`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { id: string }[]);
    const renewal = {
      subject: { profileId: ada },
      purpose: "analytics.profiling",
      status: "refused" as const,
      method: "email_link",
    };
    await db.insert(consentEvents).values({
      profileId: ada,
      subjectIdentities: { profileId: ada },
      purposeId: purpose!.id,
      channel: "",
      status: "refused",
      method: "email_link",
      capturedAt: new Date(Date.now() - 3_600_000),
      effectiveAt: new Date(Date.now() - 3_600_000),
      recordedAt: new Date(Date.now() - 3_600_000),
      actorUserId: lead.userId,
      actorLabel: lead.label,
    });
    expect((await recordConsentEvent(db, lead, renewal)).duplicate).toBe(false);
    expect((await recordConsentEvent(db, lead, renewal)).duplicate).toBe(true);

    // A Global Privacy Control refusal still standing as the latest word is on record, however long ago it came.
    const gpcEvents = async () =>
      (
        await db
          .select()
          .from(consentEvents)
          .where(and(eq(consentEvents.profileId, ada), eq(consentEvents.method, "gpc")))
      ).length;
    const before = await gpcEvents();
    const again = await recordGpcOptOut(
      db,
      systemActor("source:shop"),
      { phone: "+12102406611" },
      { userAgent: "Brave/2", origin: "https://other.example.com" },
    );
    expect(again.map((r) => r.duplicate)).toEqual([true, true]);
    expect(await gpcEvents()).toBe(before);
    // Once the person says yes to sharing after it, the next GPC signal is a new refusal.
    await recordStewardConsent(db, lead, {
      profileId: ada,
      purposeKey: "sharing.third_party",
      status: "given",
    });
    const renewed = await recordGpcOptOut(db, systemActor("source:shop"), { phone: "+12102406611" });
    expect(renewed.map((r) => [r.purposeKey, r.duplicate])).toEqual([
      ["sale.personal_data", true],
      ["sharing.third_party", false],
    ]);
    expect((await stateOf(ada, "sharing.third_party", ""))!.status).toBe("refused");
  });
});

describe("a Global Privacy Control signal on a deployment with no purposes yet", () => {
  let handle: TestDatabase;
  afterAll(async () => handle?.destroy());

  it("creates the standard sale and sharing purposes rather than drop the opt-out", async () => {
    handle = await createTestDatabase();
    const { db } = handle;
    const source = systemActor("source:shop");
    const result = await collectConsent(db, source, {
      body: { subject: { email: "new.visitor@example.com" } },
      gpc: true,
    });
    expect(result.gpc.map((e) => [e.purposeKey, e.status, e.duplicate])).toEqual([
      ["sale.personal_data", "refused", false],
      ["sharing.third_party", "refused", false],
    ]);
    expect((await listPurposes(db)).map((p) => p.key)).toEqual(["sale.personal_data", "sharing.third_party"]);
    const [created] = await db.select().from(auditLog).where(eq(auditLog.action, "consent.purpose_create"));
    expect(created!.details).toMatchObject({
      keys: ["sharing.third_party", "sale.personal_data"],
      reason: "gpc",
    });
    // Unattributed until the visitor has a profile, and never a second time while it stands.
    expect(result.gpc.every((e) => e.profileId === null)).toBe(true);
    expect(
      (
        await collectConsent(db, source, {
          body: { subject: { email: "New.Visitor@example.com" } },
          gpc: true,
        })
      ).gpc.every((e) => e.duplicate),
    ).toBe(true);
  });
});
