// Data-subject requests (access, erasure, rectification, portability) and their fulfilment log.
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./access";
import { profiles } from "./profiles";

export const privacyRequestKindEnum = pgEnum("privacy_request_kind", [
  "access",
  "erasure",
  "rectification",
  "portability",
]);
export const privacyRequestStatusEnum = pgEnum("privacy_request_status", [
  "received",
  "verifying",
  "in_progress",
  "completed",
  "rejected",
]);
export const privacyStepStatusEnum = pgEnum("privacy_step_status", [
  "started",
  "completed",
  "failed",
  "skipped",
]);

/** Who the request is about, as they identified themselves; minimised once an erasure completes. */
export interface PrivacySubject {
  email?: string;
  phone?: string;
  name?: string;
  externalIds?: { source: string; id: string }[];
  [key: string]: unknown;
}

export const privacyRequests = pgTable(
  "privacy_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: privacyRequestKindEnum("kind").notNull(),
    status: privacyRequestStatusEnum("status").notNull().default("received"),
    subject: jsonb("subject").$type<PrivacySubject>().notNull(),
    /**
     * Keyed hash of the subject's standardized identities (core/privacy): the same person asking for the same kind
     * of request twice while the first is open is one request. Holds no personal data.
     */
    subjectKey: text("subject_key"),
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** receivedAt + one month (GDPR Art. 12(3)), computed in core. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    handledById: uuid("handled_by_id").references(() => users.id, { onDelete: "set null" }),
    /** The access/portability export, the rectified fields, or what erasure removed (counts, not data). */
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("privacy_requests_status_due_idx").on(t.status, t.dueAt),
    index("privacy_requests_profile_idx").on(t.profileId),
    uniqueIndex("privacy_requests_open_subject_key")
      .on(t.kind, t.subjectKey)
      .where(sql`${t.status} in ('received', 'verifying', 'in_progress')`),
    check("privacy_requests_due_after_receipt", sql`${t.dueAt} > ${t.receivedAt}`),
  ],
);

export const privacyRequestLog = pgTable(
  "privacy_request_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => privacyRequests.id, { onDelete: "cascade" }),
    /** verify_identity, erase_source_records, erase_golden_profile, erase_interactions, suppress, export... */
    step: text("step").notNull(),
    status: privacyStepStatusEnum("status").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("privacy_request_log_request_idx").on(t.requestId, t.at),
    // A step is completed once: a resumed erasure skips what is done instead of repeating it.
    uniqueIndex("privacy_request_log_step_done_key")
      .on(t.requestId, t.step)
      .where(sql`${t.status} = 'completed'`),
  ],
);

/**
 * Secrets this installation generated for itself, kept so they survive restarts: the suppression hash key when
 * C360_SUPPRESSION_KEY is not set. One row per name, written once, never rotated in place.
 */
export const instanceKeys = pgTable("instance_keys", {
  name: text("name").primaryKey(),
  /** Base64 of the random bytes. */
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
