// Consent: purposes, versioned notices, the append-only ledger of consent events and its current-state projection.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./access";
import { profiles } from "./profiles";

export const legalBasisEnum = pgEnum("legal_basis", [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interest",
  "public_task",
  "legitimate_interest",
]);
export const consentStatusEnum = pgEnum("consent_status", ["given", "refused", "withdrawn", "expired"]);

export const consentPurposes = pgTable(
  "consent_purposes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** DPV-style dotted key: marketing.email, marketing.sms, analytics.profiling, sharing.third_party. */
    key: text("key").notNull().unique("consent_purposes_key_key"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The channel the purpose is about (email, sms, phone, post...), or null when it spans channels. */
    channel: text("channel"),
    legalBasis: legalBasisEnum("legal_basis").notNull().default("consent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("consent_purposes_key_format", sql`${t.key} ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$'`)],
);

/** Every edit of a notice is a new row with the next version; published rows are not edited. */
export const consentNotices = pgTable(
  "consent_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable name of the notice across its versions: newsletter-signup, checkout-sms. */
    noticeKey: text("notice_key").notNull(),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => consentPurposes.id, { onDelete: "restrict" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("consent_notices_key_version_key").on(t.noticeKey, t.version),
    // Target of consent_events' (notice_id, purpose_id) key: an event's notice must be about the event's purpose.
    unique("consent_notices_id_purpose_key").on(t.id, t.purposeId),
    check("consent_notices_version_positive", sql`${t.version} >= 1`),
  ],
);

/**
 * The identities a consent was given for, as the subject supplied them (normalised: lower-cased email, E.164
 * phone, source external ids). Kept in clear because they are the evidence of whose consent it is and because
 * resolution attaches events captured before a profile existed by matching them; erasure rewrites them to
 * hashes under c360.erasure (see migration 0003_consent_ledger).
 */
export interface SubjectIdentities {
  email?: string;
  phone?: string;
  externalIds?: { source: string; id: string }[];
  [key: string]: unknown;
}

/**
 * The ledger. Append-only, enforced by a trigger (migration 0003_consent_ledger): the facts of an event are never
 * updated or deleted except under erasure; only profile_id, its attribution to a profile, may be re-pointed
 * (merge/unmerge, attaching an anonymous capture), because consent follows identity resolution.
 */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    subjectIdentities: jsonb("subject_identities").$type<SubjectIdentities>().notNull(),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => consentPurposes.id, { onDelete: "restrict" }),
    /** '' when the consent is not channel-specific (as in consent_state's key). */
    channel: text("channel").notNull().default(""),
    status: consentStatusEnum("status").notNull(),
    noticeId: uuid("notice_id"),
    /** How it was captured: web_form, api, gpc, import, steward, email_link... */
    method: text("method").notNull(),
    /** Where from: the page URL, IP, file name or system. */
    origin: text("origin"),
    userAgent: text("user_agent"),
    capturedAt: timestamp("captured_at", { withTimezone: true }).notNull(),
    effectiveAt: timestamp("effective_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** No onDelete action: whoever recorded consent stays provable; users are deactivated, not deleted. */
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    /** Client-supplied key: a repeated submission is recorded once. */
    idempotencyKey: text("idempotency_key").unique("consent_events_idempotency_key_key"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "consent_events_notice_purpose_fk",
      columns: [t.noticeId, t.purposeId],
      foreignColumns: [consentNotices.id, consentNotices.purposeId],
    }).onDelete("restrict"),
    index("consent_events_profile_purpose_idx").on(t.profileId, t.purposeId, t.effectiveAt),
    index("consent_events_purpose_idx").on(t.purposeId, t.effectiveAt),
    check(
      "consent_events_expiry_after_effect",
      sql`${t.expiresAt} is null or ${t.expiresAt} > ${t.effectiveAt}`,
    ),
  ],
);

/** Current consent per profile, purpose and channel: a projection of the ledger that exports gate on. */
export const consentState = pgTable(
  "consent_state",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => consentPurposes.id, { onDelete: "cascade" }),
    /** '' for consent that is not channel-specific, so it can be part of the primary key. */
    channel: text("channel").notNull().default(""),
    status: consentStatusEnum("status").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastEventId: bigint("last_event_id", { mode: "number" }).references(() => consentEvents.id, {
      onDelete: "set null",
    }),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    primaryKey({ name: "consent_state_pkey", columns: [t.profileId, t.purposeId, t.channel] }),
    index("consent_state_purpose_status_idx").on(t.purposeId, t.status),
  ],
);
