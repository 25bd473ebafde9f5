import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../client";
import { createTestDatabase, type TestDatabase } from "../testing";
import { consentEvents, consentNotices, consentPurposes, consentState } from "./consent";
import { privacyRequestLog, privacyRequests } from "./privacy";
import { profiles } from "./profiles";
import { queryFailure } from "./query-failure.testing";

describe("consent ledger and privacy requests", () => {
  let handle: TestDatabase;
  let emailPurposeId: string;
  let smsPurposeId: string;
  let noticeId: string;
  let profileId: string;
  let survivorId: string;

  const event = (
    overrides: Partial<typeof consentEvents.$inferInsert> = {},
  ): typeof consentEvents.$inferInsert => ({
    profileId,
    subjectIdentities: { email: "ada@example.com" },
    purposeId: emailPurposeId,
    channel: "email",
    status: "given",
    noticeId,
    method: "web_form",
    origin: "https://shop.example.com/signup",
    capturedAt: new Date("2026-01-01T10:00:00Z"),
    effectiveAt: new Date("2026-01-01T10:00:00Z"),
    actorLabel: "subject",
    ...overrides,
  });

  beforeAll(async () => {
    handle = await createTestDatabase();
    const purposes = await handle.db
      .insert(consentPurposes)
      .values([
        { key: "marketing.email", name: "Email marketing", channel: "email" },
        { key: "marketing.sms", name: "SMS marketing", channel: "sms" },
      ])
      .returning();
    emailPurposeId = purposes[0]!.id;
    smsPurposeId = purposes[1]!.id;
    const [notice] = await handle.db
      .insert(consentNotices)
      .values({
        noticeKey: "newsletter",
        purposeId: emailPurposeId,
        version: 1,
        title: "Newsletter",
        body: "We will email you.",
      })
      .returning();
    noticeId = notice!.id;
    const made = await handle.db
      .insert(profiles)
      .values([{ displayName: "Ada" }, { displayName: "Ada (survivor)" }])
      .returning();
    profileId = made[0]!.id;
    survivorId = made[1]!.id;
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("refuses purposes without a DPV-style key and a notice version twice", async () => {
    expect(
      await queryFailure(handle.db.insert(consentPurposes).values({ key: "Marketing Email", name: "x" })),
    ).toContain("consent_purposes_key_format");
    expect(
      await queryFailure(
        handle.db
          .insert(consentNotices)
          .values({ noticeKey: "newsletter", purposeId: emailPurposeId, version: 1, title: "t", body: "b" }),
      ),
    ).toContain("consent_notices_key_version_key");
  });

  it("records a duplicate submission once and refuses a notice about another purpose", async () => {
    const first = await handle.db
      .insert(consentEvents)
      .values(event({ idempotencyKey: "form-123" }))
      .onConflictDoNothing({ target: consentEvents.idempotencyKey })
      .returning();
    const second = await handle.db
      .insert(consentEvents)
      .values(event({ idempotencyKey: "form-123" }))
      .onConflictDoNothing({ target: consentEvents.idempotencyKey })
      .returning();
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    expect(
      await queryFailure(
        handle.db.insert(consentEvents).values(event({ purposeId: smsPurposeId, channel: "sms" })),
      ),
    ).toContain("consent_events_notice_purpose_fk");
  });

  it("refuses UPDATE, DELETE and TRUNCATE of the ledger", async () => {
    const [row] = await handle.db.insert(consentEvents).values(event()).returning();
    const update = await queryFailure(
      handle.db.update(consentEvents).set({ status: "withdrawn" }).where(eq(consentEvents.id, row!.id)),
    );
    expect(update).toContain("consent_events is append-only: UPDATE refused");
    expect(update).toContain("42501");
    expect(
      await queryFailure(handle.db.delete(consentEvents).where(eq(consentEvents.id, row!.id))),
    ).toContain("append-only: DELETE refused");
    expect(await queryFailure(handle.db.execute(sql`truncate consent_events cascade`))).toContain(
      "append-only: TRUNCATE refused",
    );
    const [kept] = await handle.db.select().from(consentEvents).where(eq(consentEvents.id, row!.id));
    expect(kept?.status).toBe("given");
  });

  it("lets a merge re-point an event's profile, and nothing else", async () => {
    const [row] = await handle.db.insert(consentEvents).values(event()).returning();
    await handle.db.update(consentEvents).set({ profileId: survivorId }).where(eq(consentEvents.id, row!.id));
    const [moved] = await handle.db.select().from(consentEvents).where(eq(consentEvents.id, row!.id));
    expect(moved?.profileId).toBe(survivorId);
    expect(
      await queryFailure(
        handle.db.update(consentEvents).set({ profileId, channel: "" }).where(eq(consentEvents.id, row!.id)),
      ),
    ).toContain("append-only");
  });

  it("lets erasure change the ledger only inside its own transaction", async () => {
    const [row] = await handle.db
      .insert(consentEvents)
      .values(event({ subjectIdentities: { email: "erase.me@example.com" } }))
      .returning();
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local c360.erasure = 'on'`);
      await tx
        .update(consentEvents)
        .set({ subjectIdentities: { email: "sha256:1f2e" } })
        .where(eq(consentEvents.id, row!.id));
    });
    const [pseudonymised] = await handle.db.select().from(consentEvents).where(eq(consentEvents.id, row!.id));
    expect(pseudonymised?.subjectIdentities).toEqual({ email: "sha256:1f2e" });

    // SET LOCAL ended with that transaction: the next statement is refused again.
    expect(
      await queryFailure(handle.db.delete(consentEvents).where(eq(consentEvents.id, row!.id))),
    ).toContain("append-only");
    const setting = await queryRows<{ value: string | null }>(
      handle.db,
      sql`select current_setting('c360.erasure', true) as value`,
    );
    expect(setting[0]?.value ?? "").not.toBe("on");

    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local c360.erasure = 'on'`);
      await tx.delete(consentEvents).where(eq(consentEvents.id, row!.id));
    });
    expect(await handle.db.select().from(consentEvents).where(eq(consentEvents.id, row!.id))).toHaveLength(0);
  });

  it("keeps one current state per profile, purpose and channel ('' for none)", async () => {
    const [last] = await handle.db
      .insert(consentEvents)
      .values(event({ status: "withdrawn" }))
      .returning();
    await handle.db.insert(consentState).values([
      { profileId, purposeId: emailPurposeId, channel: "email", status: "withdrawn", lastEventId: last!.id },
      { profileId, purposeId: emailPurposeId, status: "given" },
    ]);
    const duplicate = await queryFailure(
      handle.db
        .insert(consentState)
        .values({ profileId, purposeId: emailPurposeId, channel: "", status: "refused" }),
    );
    expect(duplicate).toContain("consent_state_pkey");
    const withEvent = await handle.db.query.consentState.findFirst({
      where: eq(consentState.channel, "email"),
      with: { lastEvent: true, purpose: true },
    });
    expect(withEvent?.purpose.key).toBe("marketing.email");
    expect(withEvent?.lastEvent?.status).toBe("withdrawn");
  });

  it("tracks a privacy request against its due date with a fulfilment log", async () => {
    const receivedAt = new Date("2026-03-01T00:00:00Z");
    expect(
      await queryFailure(
        handle.db
          .insert(privacyRequests)
          .values({ kind: "erasure", subject: { email: "x@example.com" }, receivedAt, dueAt: receivedAt }),
      ),
    ).toContain("privacy_requests_due_after_receipt");
    const [request] = await handle.db
      .insert(privacyRequests)
      .values({
        kind: "erasure",
        subject: { email: "x@example.com" },
        receivedAt,
        dueAt: new Date("2026-04-01T00:00:00Z"),
      })
      .returning();
    await handle.db.insert(privacyRequestLog).values([
      { requestId: request!.id, step: "verify_identity", status: "completed" },
      { requestId: request!.id, step: "erase_source_records", status: "started", detail: { records: 3 } },
    ]);
    const loaded = await handle.db.query.privacyRequests.findFirst({
      where: eq(privacyRequests.id, request!.id),
      with: { log: true },
    });
    expect(loaded?.status).toBe("received");
    expect(loaded?.log).toHaveLength(2);
    await handle.db.delete(privacyRequests).where(eq(privacyRequests.id, request!.id));
    expect(await handle.db.select().from(privacyRequestLog)).toHaveLength(0);
  });
});
