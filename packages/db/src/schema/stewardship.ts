// Stewardship: review tasks for uncertain matches, the merge-event history that makes every change undoable, labelled pairs.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
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
import { resolutionRuns } from "./profiles";
import { sourceRecords } from "./records";

export const reviewTaskKindEnum = pgEnum("review_task_kind", ["pair", "cluster"]);
export const reviewTaskStatusEnum = pgEnum("review_task_status", ["open", "merged", "rejected", "dismissed"]);
export const mergeEventKindEnum = pgEnum("merge_event_kind", ["merge", "unmerge", "split", "link", "unlink"]);
export const labelSourceEnum = pgEnum("label_source", ["steward", "import"]);

export const reviewTasks = pgTable(
  "review_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: reviewTaskKindEnum("kind").notNull(),
    /** The records in question, sorted ascending so the same pair or cluster is recognised as one open task. */
    recordIds: uuid("record_ids").array().notNull(),
    /** Their profiles when the task was raised. */
    profileIds: uuid("profile_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    score: doublePrecision("score").notNull(),
    /**
     * Expected value of answering: the probability that the answer changes the automatic decision times the records
     * it would move. The queue is read most valuable first.
     */
    priority: doublePrecision("priority").notNull().default(0),
    /** Match weights per comparison (the waterfall), as computed by the engine. */
    explanation: jsonb("explanation").$type<Record<string, unknown>>().notNull().default({}),
    status: reviewTaskStatusEnum("status").notNull().default("open"),
    resolutionRunId: uuid("resolution_run_id").references(() => resolutionRuns.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    decidedById: uuid("decided_by_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("review_tasks_status_score_idx").on(t.status, t.score.desc().nullsFirst()),
    index("review_tasks_status_priority_idx").on(t.status, t.priority.desc()),
    index("review_tasks_status_created_idx").on(t.status, t.createdAt),
    index("review_tasks_assignee_idx").on(t.assigneeId, t.status),
    index("review_tasks_record_ids_idx").using("gin", t.recordIds),
    // "Open tasks on this profile" (profile page, search filter) asks profile_ids @> array[id].
    index("review_tasks_profile_ids_idx").using("gin", t.profileIds),
    uniqueIndex("review_tasks_open_records_key")
      .on(t.recordIds)
      .where(sql`${t.status} = 'open'`),
    check("review_tasks_at_least_two_records", sql`cardinality(${t.recordIds}) >= 2`),
    check("review_tasks_score_range", sql`${t.score} >= 0 and ${t.score} <= 1`),
    check("review_tasks_decided_when_closed", sql`${t.status} = 'open' or ${t.decidedAt} is not null`),
  ],
);

/**
 * What a merge event captured about the affected profiles: enough to put them back exactly
 * (members with score and reason, golden attributes with provenance, consent-state rows and ledger attribution).
 */
export type ProfileSnapshot = Record<string, unknown>;

export const mergeEvents = pgTable(
  "merge_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: mergeEventKindEnum("kind").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Readable without a join and kept when the user is deleted: an email, "resolver". */
    actorLabel: text("actor_label").notNull(),
    reason: text("reason"),
    profileIds: uuid("profile_ids").array().notNull(),
    recordIds: uuid("record_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    before: jsonb("before").$type<ProfileSnapshot>().notNull(),
    after: jsonb("after").$type<ProfileSnapshot>().notNull(),
    /** For an unmerge or unlink: the event it reverses. An event is undone at most once. */
    undoesEventId: uuid("undoes_event_id").references((): AnyPgColumn => mergeEvents.id, {
      onDelete: "restrict",
    }),
    reviewTaskId: uuid("review_task_id").references(() => reviewTasks.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("merge_events_profile_ids_idx").using("gin", t.profileIds),
    index("merge_events_created_idx").on(t.createdAt.desc().nullsFirst()),
    uniqueIndex("merge_events_undoes_key").on(t.undoesEventId),
  ],
);

/** Match / non-match decisions the model trains on. A pair is stored once, lower record id first. */
export const labelledPairs = pgTable(
  "labelled_pairs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recordAId: uuid("record_a_id")
      .notNull()
      .references(() => sourceRecords.id, { onDelete: "cascade" }),
    recordBId: uuid("record_b_id")
      .notNull()
      .references(() => sourceRecords.id, { onDelete: "cascade" }),
    isMatch: boolean("is_match").notNull(),
    source: labelSourceEnum("source").notNull(),
    decidedById: uuid("decided_by_id").references(() => users.id, { onDelete: "set null" }),
    reviewTaskId: uuid("review_task_id").references(() => reviewTasks.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("labelled_pairs_pair_key").on(t.recordAId, t.recordBId),
    index("labelled_pairs_record_b_idx").on(t.recordBId),
    check("labelled_pairs_ordered", sql`${t.recordAId} < ${t.recordBId}`),
  ],
);
