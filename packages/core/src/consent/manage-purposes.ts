// Consent purposes (DPV-style keys, a channel, a legal basis) and the standard catalogue a deployment starts from.
import type { Database } from "@c360/db/client";
import { consentNotices, consentPurposes } from "@c360/db/schema";
import { asc, eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import {
  createPurposeInput,
  updatePurposeInput,
  type CreatePurposeInput,
  type UpdatePurposeInput,
} from "./consent-schemas";

export type ConsentPurpose = typeof consentPurposes.$inferSelect;

/**
 * Purposes most deployments need, keyed after the W3C Data Privacy Vocabulary's purpose and processing terms.
 * sale.* and sharing.* are what a Global Privacy Control signal opts out of (CCPA/CPRA "sale or sharing").
 */
export const standardPurposes: readonly CreatePurposeInput[] = [
  {
    key: "marketing.email",
    name: "Email marketing",
    channel: "email",
    description: "Newsletters and offers by email (dpv:DirectMarketing).",
  },
  {
    key: "marketing.sms",
    name: "SMS marketing",
    channel: "sms",
    description: "Offers and reminders by text message (dpv:DirectMarketing).",
  },
  {
    key: "marketing.phone",
    name: "Telephone marketing",
    channel: "phone",
    description: "Sales calls (dpv:DirectMarketing).",
  },
  {
    key: "analytics.profiling",
    name: "Profiling and personalisation",
    description:
      "Segmenting and scoring the customer to personalise offers (dpv:CreatePersonalisedRecommendations).",
  },
  {
    key: "sharing.third_party",
    name: "Sharing with partners",
    description:
      "Passing contact data to selected partners for their own marketing (dpv:SellDataToThirdParties, sharing).",
  },
  {
    key: "sale.personal_data",
    name: "Sale of personal data",
    description: "Disclosing personal data for value (CCPA sale; dpv:SellPersonalData).",
  },
];

/** Purposes whose key starts with one of these are opted out by a Global Privacy Control signal. */
export const GPC_PURPOSE_PREFIXES = ["sale", "sharing"] as const;

export function isGpcPurpose(key: string): boolean {
  return GPC_PURPOSE_PREFIXES.some((prefix) => key === prefix || key.startsWith(`${prefix}.`));
}

export async function listPurposes(db: Database) {
  const purposes = await db.select().from(consentPurposes).orderBy(asc(consentPurposes.key));
  const notices = await db
    .select({
      id: consentNotices.id,
      noticeKey: consentNotices.noticeKey,
      purposeId: consentNotices.purposeId,
      version: consentNotices.version,
      title: consentNotices.title,
      body: consentNotices.body,
      publishedAt: consentNotices.publishedAt,
      createdAt: consentNotices.createdAt,
    })
    .from(consentNotices)
    .orderBy(asc(consentNotices.noticeKey), asc(consentNotices.version));
  return purposes.map((purpose) => ({
    ...purpose,
    gpc: isGpcPurpose(purpose.key),
    notices: notices.filter((n) => n.purposeId === purpose.id),
  }));
}

export async function createPurpose(
  db: Database,
  actor: Actor,
  input: CreatePurposeInput,
): Promise<ConsentPurpose> {
  const data = parseInput(createPurposeInput, input);
  const [existing] = await db
    .select({ id: consentPurposes.id })
    .from(consentPurposes)
    .where(eq(consentPurposes.key, data.key));
  if (existing)
    throw new AppError("CONFLICT", `A purpose with the key ${data.key} already exists.`, { key: data.key });
  const [purpose] = await db.insert(consentPurposes).values(data).returning();
  await recordAudit(db, actor, {
    action: "consent.purpose_create",
    entityType: "consent_purpose",
    entityId: purpose!.id,
    details: { key: data.key },
  });
  return purpose!;
}

export async function updatePurpose(
  db: Database,
  actor: Actor,
  input: UpdatePurposeInput,
): Promise<ConsentPurpose> {
  const { purposeId, ...changes } = parseInput(updatePurposeInput, input);
  const [purpose] = await db
    .update(consentPurposes)
    .set(changes)
    .where(eq(consentPurposes.id, purposeId))
    .returning();
  if (!purpose) throw new AppError("NOT_FOUND", `Consent purpose ${purposeId} does not exist.`);
  await recordAudit(db, actor, {
    action: "consent.purpose_update",
    entityType: "consent_purpose",
    entityId: purposeId,
    details: { key: purpose.key, changed: Object.keys(changes) },
  });
  return purpose;
}

/** Creates whichever standard purposes are missing; returns the keys it added. Idempotent. */
export async function ensureStandardPurposes(db: Database, actor: Actor): Promise<string[]> {
  const existing = new Set(
    (await db.select({ key: consentPurposes.key }).from(consentPurposes)).map((p) => p.key),
  );
  const added: string[] = [];
  for (const purpose of standardPurposes) {
    if (existing.has(purpose.key)) continue;
    await db.insert(consentPurposes).values(parseInput(createPurposeInput, purpose)).onConflictDoNothing();
    added.push(purpose.key);
  }
  if (added.length)
    await recordAudit(db, actor, {
      action: "consent.purpose_create",
      entityType: "consent_purpose",
      details: { keys: added, standard: true },
    });
  return added;
}

/**
 * The purposes a Global Privacy Control signal refuses. A deployment that has none yet (nobody added the standard
 * set) gets the standard sale and sharing purposes on the first signal, so an opt-out is never silently dropped.
 */
export async function ensureGpcPurposes(db: Database, actor: Actor): Promise<string[]> {
  const keys = async () =>
    (await db.select({ key: consentPurposes.key }).from(consentPurposes).orderBy(asc(consentPurposes.key)))
      .map((p) => p.key)
      .filter(isGpcPurpose);
  const existing = await keys();
  if (existing.length) return existing;
  const added: string[] = [];
  for (const purpose of standardPurposes.filter((p) => isGpcPurpose(p.key))) {
    const inserted = await db
      .insert(consentPurposes)
      .values(parseInput(createPurposeInput, purpose))
      .onConflictDoNothing()
      .returning({ key: consentPurposes.key });
    added.push(...inserted.map((p) => p.key));
  }
  if (added.length)
    await recordAudit(db, actor, {
      action: "consent.purpose_create",
      entityType: "consent_purpose",
      details: { keys: added, standard: true, reason: "gpc" },
    });
  return keys();
}
