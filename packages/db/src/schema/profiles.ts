// Golden profiles: stable ids, their member records, golden attributes with provenance, and the models and runs that made them.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sourceRecords } from "./records";

export const profileStatusEnum = pgEnum("profile_status", ["active", "merged", "erased"]);
export const memberReasonEnum = pgEnum("member_reason", ["model", "rule", "steward", "seed"]);
export const resolutionRunKindEnum = pgEnum("resolution_run_kind", ["full", "incremental"]);
/** Status of a background run (resolution, quality). */
export const runStatusEnum = pgEnum("run_status", ["queued", "running", "completed", "failed"]);

export const profiles = pgTable(
  "profiles",
  {
    /** Stable: a profile keeps its id across runs when its membership is mostly the same. */
    id: uuid("id").primaryKey().defaultRandom(),
    status: profileStatusEnum("status").notNull().default("active"),
    /** Set exactly when status is merged; a profile others redirect to cannot be deleted until they are re-pointed. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => profiles.id, { onDelete: "restrict" }),
    displayName: text("display_name"),
    /**
     * Names, emails and phones of the profile's records, lower-cased and space-separated, maintained by core: the
     * trigram-indexed text the search box matches. Record ids are searched on source_records instead, so linking a
     * record rewrites this (and its trigram entries) only when it brings a new name, email or phone. Cleared by
     * erasure with the rest of the personal data.
     */
    searchText: text("search_text").notNull().default(""),
    /** Bumped on every change, for optimistic concurrency between stewards and the resolver. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("profiles_status_idx").on(t.status),
    index("profiles_merged_into_idx").on(t.mergedIntoId),
    // pg_trgm is created by migration 0001_extensions, before these indexes.
    index("profiles_display_name_trgm_idx").using("gin", t.displayName.op("gin_trgm_ops")),
    index("profiles_search_text_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    // The profile list by name (an empty search box): read in index order and stopped after a page, not sorted.
    index("profiles_active_name_idx")
      .on(sql`lower(${t.displayName})`, t.id)
      .where(sql`${t.status} = 'active'`),
    check("profiles_merged_iff_target", sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`),
    check("profiles_not_merged_into_self", sql`${t.mergedIntoId} is null or ${t.mergedIntoId} <> ${t.id}`),
  ],
);

/** Which records make up each profile, and why each joined. A record belongs to at most one profile. */
export const profileMembers = pgTable(
  "profile_members",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    recordId: uuid("record_id")
      .notNull()
      .references(() => sourceRecords.id, { onDelete: "cascade" }),
    /** Match probability against the profile when the model or a rule linked it; null for steward and seed links. */
    score: doublePrecision("score"),
    reason: memberReasonEnum("reason").notNull(),
    /** Model name@version, rule name, or the steward's email. */
    matchedBy: text("matched_by"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Citus: distribute by profile_id, so the primary key leads with it.
    primaryKey({ name: "profile_members_pkey", columns: [t.profileId, t.recordId] }),
    unique("profile_members_record_key").on(t.recordId),
    check("profile_members_score_range", sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 1)`),
  ],
);

/**
 * How survivorship decided one golden value: the rules in the order tried, how many different values the members
 * gave, the address group, a steward override. The competing values themselves are not stored (migration 0013):
 * they are every member's value, read from the members when a page shows them, so linking one more agreeing
 * record leaves the row as it was.
 */
export interface GoldenRuleDetail {
  rules?: string[];
  /** Distinct values the members gave, as shown (1 when they all agree). */
  distinctValues?: number;
  /** Rows written before migration 0013, and the snapshots of merges made before it, still carry them. */
  candidates?: {
    value: unknown;
    sourceRecordId: string;
    sourceName?: string;
    updatedAt?: string;
    trust?: number;
  }[];
  [key: string]: unknown;
}

export const goldenAttributes = pgTable(
  "golden_attributes",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    /** Canonical field name: email, given_name, phone, city... */
    attribute: text("attribute").notNull(),
    value: jsonb("value").$type<unknown>().notNull(),
    /** Provenance: the record the value came from. */
    sourceRecordId: uuid("source_record_id").references(() => sourceRecords.id, { onDelete: "set null" }),
    /** Survivorship rule that chose it: most_trusted_source, most_recent, most_frequent, most_complete, steward. */
    rule: text("rule").notNull(),
    ruleDetail: jsonb("rule_detail").$type<GoldenRuleDetail>().notNull().default({}),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "golden_attributes_pkey", columns: [t.profileId, t.attribute] }),
    index("golden_attributes_source_record_idx").on(t.sourceRecordId),
    // Profiles sharing a value (households by phone or address, duplicate checks) in one probe at any size; its
    // prefix also serves lookups by attribute alone (a separate index on attribute cost every golden write).
    index("golden_attributes_attribute_value_idx").on(t.attribute, t.value),
  ],
);

/**
 * Profiles whose golden values real-time resolution has yet to recompute (decision 0004): the arrival's
 * transaction commits its membership decision and a row here; the refresh follows in a transaction of its own that
 * deletes the rows it read, so a crash in between leaves them for the next process (or the worker's sweep). Rows
 * are appended, never upserted: an arrival never waits for a refresh that holds the profile's earlier row, and a
 * row added during a refresh stays for the next one.
 */
export const goldenRefreshQueue = pgTable(
  "golden_refresh_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("golden_refresh_queue_profile_idx").on(t.profileId)],
);

/** A trained match model (comparisons, levels, m and u, thresholds) as data, per the Splink example. */
export const matchModels = pgTable(
  "match_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    version: integer("version").notNull(),
    model: jsonb("model").$type<Record<string, unknown>>().notNull(),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull().defaultNow(),
    metrics: jsonb("metrics").$type<Record<string, unknown>>().notNull().default({}),
    active: boolean("active").notNull().default(false),
  },
  (t) => [
    unique("match_models_name_version_key").on(t.name, t.version),
    // At most one active version per model name: batch and real-time paths load the same one.
    uniqueIndex("match_models_one_active_idx")
      .on(t.name)
      .where(sql`${t.active}`),
  ],
);

export const resolutionRuns = pgTable(
  "resolution_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: resolutionRunKindEnum("kind").notNull(),
    status: runStatusEnum("status").notNull().default("running"),
    modelId: uuid("model_id").references(() => matchModels.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Records, pairs, profiles created/kept/merged, review tasks, timings. */
    stats: jsonb("stats").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
  },
  (t) => [index("resolution_runs_started_idx").on(t.startedAt.desc().nullsFirst())],
);
