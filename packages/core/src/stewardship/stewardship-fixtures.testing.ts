// Test fixtures for stewardship: sources, records standardized by the real engine, profiles and consent,
// inserted directly so each test builds exactly the state it needs.
import type { Database } from "@c360/db/client";
import {
  auditLog,
  consentEvents,
  consentPurposes,
  consentState,
  profileMembers,
  profiles,
  sourceRecords,
  sources,
} from "@c360/db/schema";
import { standardizeRecord, type InputRecord } from "@c360/matching";
import { inArray } from "drizzle-orm";
import type { Actor } from "../actor";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { demoActor } from "../users/demo-actor.testing";
import { captureProfileSnapshot } from "./profile-snapshot";

export function stewardActor(db: Database): Promise<Actor> {
  return demoActor(db, "steward@example.com");
}

export async function createSource(
  db: Database,
  name: string,
  attributeTrust: Record<string, number> = {},
): Promise<string> {
  const [row] = await db
    .insert(sources)
    .values({ name, kind: "crm", attributeTrust })
    .returning({ id: sources.id });
  return row!.id;
}

let recordCounter = 0;

/** A record of a source, standardized by @c360/matching as ingest would store it. */
export async function createRecord(
  db: Database,
  sourceId: string,
  input: Omit<InputRecord, "record_id">,
): Promise<string> {
  const externalId = `ext-${++recordCounter}`;
  const raw = { record_id: externalId, ...input };
  const standardized = standardizeRecord(raw);
  const [row] = await db
    .insert(sourceRecords)
    .values({
      sourceId,
      externalId,
      contentHash: `hash-${externalId}`,
      raw,
      standardized: { ...standardized },
    })
    .returning({ id: sourceRecords.id });
  return row!.id;
}

/** A profile the model made from these records, with golden attributes computed as the resolver would. */
export async function createProfile(
  db: Database,
  recordIds: string[],
  createdAt = new Date(),
): Promise<string> {
  const [profile] = await db.insert(profiles).values({ createdAt }).returning({ id: profiles.id });
  const profileId = profile!.id;
  await db.insert(profileMembers).values(
    recordIds.map((recordId, i) => ({
      profileId,
      recordId,
      score: 0.9 + i / 100,
      reason: "model" as const,
      matchedBy: "c360-default@1",
      joinedAt: new Date(createdAt.getTime() + i * 1000),
    })),
  );
  await db.update(sourceRecords).set({ profileId }).where(inArray(sourceRecords.id, recordIds));
  await refreshGoldenAttributes(db, [profileId]);
  return profileId;
}

export async function createPurpose(db: Database, key: string): Promise<string> {
  const [row] = await db
    .insert(consentPurposes)
    .values({ key, name: key })
    .returning({ id: consentPurposes.id });
  return row!.id;
}

/** Appends a ledger event for the profile and sets the projection to it, as the consent service would. */
export async function recordConsent(
  db: Database,
  profileId: string,
  purposeId: string,
  status: "given" | "refused" | "withdrawn" | "expired",
  options: { channel?: string; expiresAt?: Date } = {},
): Promise<number> {
  const channel = options.channel ?? "";
  const [event] = await db
    .insert(consentEvents)
    .values({
      profileId,
      subjectIdentities: { email: "subject@example.com" },
      purposeId,
      channel,
      status,
      method: "web_form",
      capturedAt: new Date(),
      expiresAt: options.expiresAt ?? null,
      actorLabel: "test",
    })
    .returning({ id: consentEvents.id });
  await db
    .insert(consentState)
    .values({
      profileId,
      purposeId,
      channel,
      status,
      expiresAt: options.expiresAt ?? null,
      lastEventId: event!.id,
    })
    .onConflictDoUpdate({
      target: [consentState.profileId, consentState.purposeId, consentState.channel],
      set: { status, expiresAt: options.expiresAt ?? null, lastEventId: event!.id },
    });
  return event!.id;
}

/** Everything an undo must restore, minus the version counter (which moves forward on purpose). */
export async function restorableState(db: Database, profileIds: string[]) {
  const snapshot = await captureProfileSnapshot(db, profileIds);
  const records = await db
    .select({ id: sourceRecords.id, profileId: sourceRecords.profileId })
    .from(sourceRecords)
    .orderBy(sourceRecords.id);
  return {
    ...snapshot,
    profiles: snapshot.profiles.map(({ version: _version, ...rest }) => rest),
    recordProfileIds: records,
  };
}

export async function auditActions(db: Database): Promise<string[]> {
  const rows = await db.select({ action: auditLog.action }).from(auditLog);
  return rows.map((r) => r.action);
}
