// Source records: one row per (source, external id), every version kept, plus the suppression list erasure leaves.
import { sql } from "drizzle-orm";
import {
  bigserial,
  customType,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { privacyRequests } from "./privacy";
import { profiles } from "./profiles";
import { importBatches, sources } from "./sources";

export const recordStatusEnum = pgEnum("record_status", ["active", "erased"]);

/**
 * A record waiting for a decision: active, and without a profile or with a version newer than the one decided. The
 * predicate of source_records_pending_idx, and the condition the pending sweep and a resuming import query with (one
 * text, so PostgreSQL matches the query to the index).
 */
export const awaitingDecision = sql`status = 'active' and (profile_id is null or resolved_version < current_version)`;

export type RecordPayload = Record<string, unknown>;

export const sourceRecords = pgTable(
  "source_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Citus: distribute by source_id (the unique key starts with it). */
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "restrict" }),
    /** The source's own id for the row. */
    externalId: text("external_id").notNull(),
    currentVersion: integer("current_version").notNull().default(1),
    /** Hash of the canonicalised raw payload: an unchanged row is recognised without comparing payloads. */
    contentHash: text("content_hash").notNull(),
    /** The payload exactly as the source sent it. */
    raw: jsonb("raw").$type<RecordPayload>().notNull(),
    standardized: jsonb("standardized").$type<RecordPayload>().notNull().default({}),
    /**
     * Denormalised copy of profile_members (the authoritative membership, with score and reason), written in the
     * same transaction, so the real-time path and joins to profiles need no extra hop.
     */
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    /**
     * The version resolution last decided (real time or a full run). A record whose current version is newer was
     * stored but its decision never committed (a crash between the import and the resolution): the pending sweep
     * resolves it again. Null for records placed without a decision (demo fills); they count as decided.
     */
    resolvedVersion: integer("resolved_version"),
    status: recordStatusEnum("status").notNull().default("active"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    unique("source_records_source_external_key").on(t.sourceId, t.externalId),
    // A profile's records, and with source_id in the index, which sources a profile has and how many records,
    // answered from the index alone (the search page asks this for every hit; the heap rows are wide).
    index("source_records_profile_idx").on(t.profileId, t.sourceId),
    // The search box's record ids, in any case and by their beginning ("crm-70"): text_pattern_ops serves LIKE
    // 'prefix%' whatever the database's collation.
    index("source_records_external_id_search_idx").on(sql`lower(${t.externalId}) text_pattern_ops`),
    // Event attribution by an email or phone on the message (decision 0901): the records holding that standardized
    // value, active ones only.
    index("source_records_std_email_idx")
      .on(sql`(${t.standardized} ->> 'email')`)
      .where(sql`status = 'active' and (${t.standardized} ->> 'email') is not null`),
    index("source_records_std_phone_idx")
      .on(sql`(${t.standardized} ->> 'phone')`)
      .where(sql`status = 'active' and (${t.standardized} ->> 'phone') is not null`),
    check("source_records_version_positive", sql`${t.currentVersion} >= 1`),
    // Records waiting for a decision, oldest first, for the pending sweep (resolve-pending.ts): only those rows are
    // in it, so the sweep that runs every minute reads a handful of entries instead of every record.
    index("source_records_pending_idx").on(t.firstSeenAt, t.id).where(awaitingDecision),
  ],
);

/** Every version of every record, the current one included: rows are added, never rewritten (except by erasure). */
export const sourceRecordVersions = pgTable(
  "source_record_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recordId: uuid("record_id")
      .notNull()
      .references(() => sourceRecords.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    contentHash: text("content_hash").notNull(),
    raw: jsonb("raw").$type<RecordPayload>().notNull(),
    standardized: jsonb("standardized").$type<RecordPayload>().notNull().default({}),
    importBatchId: uuid("import_batch_id").references(() => importBatches.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("source_record_versions_record_version_key").on(t.recordId, t.version),
    index("source_record_versions_batch_idx").on(t.importBatchId),
    check("source_record_versions_version_positive", sql`${t.version} >= 1`),
  ],
);

/**
 * Identities erased on request. identity_hash is a keyed hash (core decides the key and what is hashed: the
 * source + external id, a normalised email or phone), so the list itself holds no personal data; an import
 * checks it before creating a record.
 */
export const suppressions = pgTable("suppressions", {
  id: uuid("id").primaryKey().defaultRandom(),
  identityHash: text("identity_hash").notNull().unique("suppressions_identity_hash_key"),
  /** What was hashed: "source_record", "email", "phone"... */
  identityKind: text("identity_kind").notNull(),
  reason: text("reason").notNull(),
  privacyRequestId: uuid("privacy_request_id").references(() => privacyRequests.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** PostgreSQL's 64-bit transaction id (never wraps): orders changes by the transaction that made them. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * The change feed of the records real-time resolution holds in memory (decision 0004): a trigger on source_records
 * adds the id of every record whose profile, status or standardized fields changed, or that was deleted, with the
 * writing transaction's id. A resident resolver reads the ids at or above the oldest transaction that was still
 * running when it last read (pg_snapshot_xmin), so a change is seen whatever order transactions commit in, and
 * re-reads the records' current rows. A row with no record id says "everything changed" (a full run): reload.
 */
export const recordChanges = pgTable(
  "record_changes",
  {
    xid: xid8("xid")
      .notNull()
      .default(sql`pg_current_xact_id()`),
    recordId: uuid("record_id"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("record_changes_xid_idx").on(t.xid), index("record_changes_changed_at_idx").on(t.changedAt)],
);
