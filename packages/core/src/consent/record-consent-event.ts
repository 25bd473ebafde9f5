// The consent ledger's one way in: validate, attribute to a golden profile, append the event, and bring the
// current-state projection up to date, all in one transaction. A repeated submission is recorded once.
import { type Database, inTransaction } from "@c360/db/client";
import { consentEvents, consentPurposes, consentState } from "@c360/db/schema";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { attributeSubject, normaliseSubject } from "./attribute-subject";
import { consentEventInput, type ConsentEventInput, type ConsentStatus } from "./consent-schemas";
import { findNoticeVersion } from "./manage-notices";
import {
  effectiveConsentStatus,
  enqueueConsentChangeTriggers,
} from "../triggers/enqueue-profile-change-triggers";

export type ConsentEvent = typeof consentEvents.$inferSelect;

export interface RecordedConsentEvent {
  eventId: number;
  profileId: string | null;
  purposeKey: string;
  channel: string;
  status: ConsentStatus;
  /** True when this submission had been recorded before (same idempotency key or the very same event). */
  duplicate: boolean;
}

/**
 * Brings consent_state up to date with one attributed event: the event with the latest effective time (then the
 * higher id) per profile, purpose and channel is the current state. An older event arriving late (an import of
 * history) joins the ledger without overturning a newer decision. A state that changes fires the consent triggers
 * (given / withdrawn) in this transaction: every way into the ledger ends here.
 */
export async function applyEventToState(tx: Database, event: ConsentEvent): Promise<void> {
  if (!event.profileId) return;
  const key = and(
    eq(consentState.profileId, event.profileId),
    eq(consentState.purposeId, event.purposeId),
    eq(consentState.channel, event.channel),
  );
  const [current] = await tx
    .select({
      lastEventId: consentState.lastEventId,
      lastEffectiveAt: consentEvents.effectiveAt,
      status: consentState.status,
      expiresAt: consentState.expiresAt,
    })
    .from(consentState)
    .leftJoin(consentEvents, eq(consentEvents.id, consentState.lastEventId))
    .where(key)
    .for("update", { of: consentState });
  const row = { status: event.status, expiresAt: event.expiresAt, lastEventId: event.id };
  if (!current) {
    await tx
      .insert(consentState)
      .values({ profileId: event.profileId, purposeId: event.purposeId, channel: event.channel, ...row })
      .onConflictDoUpdate({
        target: [consentState.profileId, consentState.purposeId, consentState.channel],
        set: row,
      });
    await enqueueConsentChangeTriggers(tx, [changeOf(event, null)]);
    return;
  }
  const lastAt = current.lastEffectiveAt?.getTime() ?? -Infinity;
  const newer =
    event.effectiveAt.getTime() > lastAt ||
    (event.effectiveAt.getTime() === lastAt && event.id > (current.lastEventId ?? 0));
  if (!newer) return;
  await tx.update(consentState).set(row).where(key);
  await enqueueConsentChangeTriggers(tx, [
    changeOf(event, effectiveConsentStatus(current.status, current.expiresAt)),
  ]);
}

/** The state change an event made, as consent triggers read it (decision 2201). */
function changeOf(event: ConsentEvent, before: ConsentStatus | null) {
  return {
    profileId: event.profileId!,
    purposeId: event.purposeId,
    channel: event.channel,
    before,
    after: effectiveConsentStatus(event.status, event.expiresAt),
    consentEventId: event.id,
    via: "ledger" as const,
  };
}

/**
 * How long a keyless submission that repeats the subject's latest event word for word counts as the same submission
 * sent twice (a double click, a form posted again, a client retrying without an Idempotency-Key).
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;

type EventFacts = Pick<
  ConsentEvent,
  "subjectIdentities" | "status" | "noticeId" | "method" | "origin" | "userAgent" | "expiresAt" | "actorLabel"
>;

/** JSON with sorted keys, so identities read back from jsonb compare equal to the ones just normalised. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Whether a keyless event merely repeats the latest one for the same subject, purpose and channel. A Global
 * Privacy Control refusal is a standing signal a browser sends with every request: while it is still the latest
 * word it is on record, whenever and wherever it comes from. Anything else must match in every fact (who recorded
 * it, how, from where, on which notice) and come within REPEAT_WINDOW_MS; a give after a withdrawal, or the same
 * consent renewed next month, is a new decision and is recorded.
 */
function repeatsLatest(
  latest: ConsentEvent,
  event: EventFacts,
  effectiveAtGiven: Date | undefined,
  now: Date,
): boolean {
  const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);
  if (latest.status !== event.status || latest.method !== event.method || latest.noticeId !== event.noticeId)
    return false;
  if (
    !same(latest.subjectIdentities, event.subjectIdentities) ||
    !same(latest.expiresAt?.getTime() ?? null, event.expiresAt?.getTime() ?? null)
  )
    return false;
  if (event.method === "gpc" && event.status === "refused") return true;
  if (
    latest.actorLabel !== event.actorLabel ||
    latest.origin !== event.origin ||
    latest.userAgent !== event.userAgent
  )
    return false;
  if (effectiveAtGiven && latest.effectiveAt.getTime() !== effectiveAtGiven.getTime()) return false;
  return now.getTime() - latest.recordedAt.getTime() <= REPEAT_WINDOW_MS;
}

/** The latest event of the subject (its profile, or the same identities while unattributed) for a purpose and channel. */
async function latestEventOf(
  tx: Database,
  profileId: string | null,
  identities: ConsentEvent["subjectIdentities"],
  purposeId: string,
  channel: string,
) {
  const subject = profileId
    ? eq(consentEvents.profileId, profileId)
    : and(
        isNull(consentEvents.profileId),
        sql`${consentEvents.subjectIdentities} = ${JSON.stringify(identities)}::jsonb`,
      );
  // Serialises keyless submissions about the same subject, purpose and channel, so two sent at once are one event.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`c360.consent:${profileId ?? stableJson(identities)}:${purposeId}:${channel}`}))`,
  );
  const [latest] = await tx
    .select()
    .from(consentEvents)
    .where(and(subject, eq(consentEvents.purposeId, purposeId), eq(consentEvents.channel, channel)))
    .orderBy(desc(consentEvents.id))
    .limit(1);
  return latest ?? null;
}

/** The key that makes "the same event, submitted twice" one event when the caller gave no idempotency key. */
function contentKey(fields: Record<string, unknown>): string {
  return `content:${createHash("sha256").update(JSON.stringify(fields)).digest("hex")}`;
}

export async function recordConsentEvent(
  db: Database,
  actor: Actor,
  input: ConsentEventInput,
): Promise<RecordedConsentEvent> {
  const data = parseInput(consentEventInput, input);
  const identities = normaliseSubject(data.subject);
  return inTransaction(db, async (tx) => {
    const [purpose] = await tx.select().from(consentPurposes).where(eq(consentPurposes.key, data.purpose));
    if (!purpose)
      throw new AppError(
        "BAD_REQUEST",
        `Unknown consent purpose ${data.purpose}: it is not one of the purposes set up at /consent.`,
        { purpose: data.purpose },
      );
    const channel = data.channel ?? purpose.channel ?? "";
    if (purpose.channel && channel !== purpose.channel && channel !== "") {
      throw new AppError(
        "BAD_REQUEST",
        `Purpose ${purpose.key} is about the ${purpose.channel} channel; channel ${channel} does not belong to it.`,
        { purpose: purpose.key, channel },
      );
    }
    const notice = data.notice
      ? await findNoticeVersion(tx, data.notice.key, data.notice.version, purpose)
      : null;
    const capturedAt = data.capturedAt ?? new Date();
    const effectiveAt = data.effectiveAt ?? capturedAt;
    if (data.expiresAt && data.expiresAt <= effectiveAt)
      throw new AppError("BAD_REQUEST", "expiresAt must be after the time the consent takes effect.");
    // Without a caller's key, an event that states its own capture time is identified by its content; one that
    // does not (captured "now") cannot be told from a later, deliberate repeat, so it gets no key.
    const idempotencyKey =
      data.idempotencyKey ??
      (data.capturedAt
        ? contentKey({
            identities,
            purpose: purpose.key,
            channel,
            status: data.status,
            notice: data.notice ?? null,
            method: data.method,
            origin: data.origin ?? null,
            capturedAt,
            effectiveAt,
            expiresAt: data.expiresAt ?? null,
          })
        : null);
    const profileId = await attributeSubject(tx, identities);
    if (idempotencyKey === null) {
      const latest = await latestEventOf(tx, profileId, identities, purpose.id, channel);
      const facts: EventFacts = {
        subjectIdentities: identities,
        status: data.status,
        noticeId: notice?.id ?? null,
        method: data.method,
        origin: data.origin ?? null,
        userAgent: data.userAgent ?? null,
        expiresAt: data.expiresAt ?? null,
        actorLabel: actor.label,
      };
      if (latest && repeatsLatest(latest, facts, data.effectiveAt, new Date())) {
        return {
          eventId: latest.id,
          profileId: latest.profileId,
          purposeKey: purpose.key,
          channel,
          status: latest.status,
          duplicate: true,
        };
      }
    }
    const [inserted] = await tx
      .insert(consentEvents)
      .values({
        profileId,
        subjectIdentities: identities,
        purposeId: purpose.id,
        channel,
        status: data.status,
        noticeId: notice?.id ?? null,
        method: data.method,
        origin: data.origin ?? null,
        userAgent: data.userAgent ?? null,
        capturedAt,
        effectiveAt,
        expiresAt: data.expiresAt ?? null,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        idempotencyKey,
      })
      .onConflictDoNothing({ target: consentEvents.idempotencyKey })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.idempotencyKey, idempotencyKey!));
      const [existingPurpose] = await tx
        .select({ key: consentPurposes.key })
        .from(consentPurposes)
        .where(eq(consentPurposes.id, existing!.purposeId));
      return {
        eventId: existing!.id,
        profileId: existing!.profileId,
        purposeKey: existingPurpose!.key,
        channel: existing!.channel,
        status: existing!.status,
        duplicate: true,
      };
    }
    await applyEventToState(tx, inserted);
    return {
      eventId: inserted.id,
      profileId,
      purposeKey: purpose.key,
      channel,
      status: inserted.status,
      duplicate: false,
    };
  });
}
