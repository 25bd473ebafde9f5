// Data quality: rules per field, scored runs kept as a time series, and the issues stewards work through.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./access";
import { runStatusEnum } from "./profiles";
import { sources } from "./sources";

export const qualityDimensionEnum = pgEnum("quality_dimension", [
  "completeness",
  "validity",
  "uniqueness",
  "consistency",
  "freshness",
]);
export const qualityScopeEnum = pgEnum("quality_scope", ["source", "golden"]);
export const qualityRunTriggerEnum = pgEnum("quality_run_trigger", ["schedule", "manual"]);
export const qualityIssueStatusEnum = pgEnum("quality_issue_status", [
  "open",
  "assigned",
  "resolved",
  "wont_fix",
]);

export const qualityRules = pgTable(
  "quality_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    dimension: qualityDimensionEnum("dimension").notNull(),
    /** source: measured on one source's standardized records; golden: on golden profiles (and cross-source). */
    scope: qualityScopeEnum("scope").notNull(),
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "cascade" }),
    /** Canonical field the rule measures. */
    field: text("field").notNull(),
    /** Rule settings: a pattern, a phone region, a freshness window... */
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    /** Weight in the Data Trust Score. */
    weight: doublePrecision("weight").notNull().default(1),
    /** Score (0..1) below which the rule fails and raises an issue. */
    threshold: doublePrecision("threshold").notNull().default(0.95),
    enabled: boolean("enabled").notNull().default(true),
    /** Registered by c360 for a mapped field rather than written by a person. */
    autoRegistered: boolean("auto_registered").notNull().default(false),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("quality_rules_source_idx").on(t.sourceId),
    // Auto-registration is idempotent: one automatic rule per dimension, scope, source and field.
    uniqueIndex("quality_rules_auto_key")
      .on(t.dimension, t.scope, sql`coalesce(${t.sourceId}::text, '')`, t.field)
      .where(sql`${t.autoRegistered}`),
    check(
      "quality_rules_source_iff_source_scope",
      sql`(${t.scope} = 'source') = (${t.sourceId} is not null)`,
    ),
    check("quality_rules_weight_non_negative", sql`${t.weight} >= 0`),
    check("quality_rules_threshold_range", sql`${t.threshold} >= 0 and ${t.threshold} <= 1`),
  ],
);

export const qualityRuns = pgTable(
  "quality_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trigger: qualityRunTriggerEnum("trigger").notNull(),
    status: runStatusEnum("status").notNull().default("running"),
    triggeredById: uuid("triggered_by_id").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** The Data Trust Score of this run, 0..100 (formula documented with the quality issue). */
    trustScore: doublePrecision("trust_score"),
    /** Pre-aggregated figures the executive dashboard reads: per dimension, per source, duplicates, coverage. */
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("quality_runs_started_idx").on(t.startedAt.desc().nullsFirst()),
    check(
      "quality_runs_trust_score_range",
      sql`${t.trustScore} is null or (${t.trustScore} >= 0 and ${t.trustScore} <= 100)`,
    ),
  ],
);

export const qualityResults = pgTable(
  "quality_results",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => qualityRuns.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => qualityRules.id, { onDelete: "cascade" }),
    checked: integer("checked").notNull(),
    failed: integer("failed").notNull(),
    /** 0..1; usually 1 - failed/checked, but uniqueness and freshness may score differently. */
    score: doublePrecision("score").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    measuredAt: timestamp("measured_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("quality_results_rule_measured_idx").on(t.ruleId, t.measuredAt),
    unique("quality_results_run_rule_key").on(t.runId, t.ruleId),
    check(
      "quality_results_counts",
      sql`${t.checked} >= 0 and ${t.failed} >= 0 and ${t.failed} <= ${t.checked}`,
    ),
    check("quality_results_score_range", sql`${t.score} >= 0 and ${t.score} <= 1`),
  ],
);

export const qualityIssues = pgTable(
  "quality_issues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => qualityRules.id, { onDelete: "cascade" }),
    /** The run that raised it. */
    runId: uuid("run_id").references(() => qualityRuns.id, { onDelete: "set null" }),
    status: qualityIssueStatusEnum("status").notNull().default("open"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** A sample of failing records, for the drill-down. */
    sampleRecordIds: uuid("sample_record_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedById: uuid("resolved_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("quality_issues_status_created_idx").on(t.status, t.createdAt),
    index("quality_issues_assignee_idx").on(t.assigneeId, t.status),
    // A failing rule has one unresolved issue; later runs update it instead of piling up duplicates.
    uniqueIndex("quality_issues_one_open_per_rule")
      .on(t.ruleId)
      .where(sql`${t.status} in ('open', 'assigned')`),
    check(
      "quality_issues_resolved_at_when_closed",
      sql`(${t.status} in ('resolved', 'wont_fix')) = (${t.resolvedAt} is not null)`,
    ),
  ],
);

export const qualityIssueComments = pgTable(
  "quality_issue_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    issueId: uuid("issue_id")
      .notNull()
      .references(() => qualityIssues.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quality_issue_comments_issue_idx").on(t.issueId, t.createdAt)],
);
