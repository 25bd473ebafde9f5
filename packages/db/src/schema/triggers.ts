// Triggers (issue 22, decision 2201): a condition over arriving events and an action (a signed webhook), under a
// consent purpose, with a frequency cap per person. Every change is a new version; every firing is one row of the
// outbox, trigger_deliveries, written in the transaction of the change that fired it, and carries its delivery
// state (retries, dead letters, latency) from then on.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./access";

export const triggerDeliveryStatusEnum = pgEnum("trigger_delivery_status", [
  "pending",
  "sending",
  "retrying",
  "delivered",
  "dead",
  "skipped",
]);
export const triggerSkipReasonEnum = pgEnum("trigger_skip_reason", ["no_consent", "capped"]);

/** The current definition of each trigger (validated JSON, see @c360/core/triggers/trigger-schemas). */
export const triggers = pgTable("triggers", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The name a trigger is defined under in code (`c360 triggers apply`) and the portal. */
  key: text("key").notNull().unique("triggers_key_key"),
  name: text("name").notNull(),
  version: integer("version").notNull().default(1),
  enabled: boolean("enabled").notNull().default(true),
  definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
  /** The webhook signing secret (HMAC-SHA256), shown once when it is made. */
  secret: text("secret"),
  updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every version a trigger has had, with who made it: deliveries name the version that fired them. */
export const triggerVersions = pgTable(
  "trigger_versions",
  {
    triggerId: uuid("trigger_id")
      .notNull()
      .references(() => triggers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
    enabled: boolean("enabled").notNull(),
    actorLabel: text("actor_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.triggerId, t.version] })],
);

/**
 * The outbox: one row per firing of a trigger for a person, written in the transaction that stored the event. A
 * skipped firing (no consent, capped) is kept too, for the counts. The id is the delivery id receivers see.
 */
export const triggerDeliveries = pgTable(
  "trigger_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    triggerId: uuid("trigger_id")
      .notNull()
      .references(() => triggers.id, { onDelete: "cascade" }),
    triggerVersion: integer("trigger_version").notNull(),
    profileId: uuid("profile_id").notNull(),
    /** The event that fired it (interactions: source and message id). */
    sourceId: uuid("source_id"),
    messageId: text("message_id"),
    status: triggerDeliveryStatusEnum("status").notNull(),
    skipReason: triggerSkipReasonEnum("skip_reason"),
    /** The body sent (without the signature, which is made per attempt). */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** The job queue's job for the current round (a replay starts a new round). */
    jobId: uuid("job_id"),
    round: integer("round").notNull().default(0),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** Retries stop here (24 h after the firing, or after a replay): the delivery becomes a dead letter. */
    deadlineAt: timestamp("deadline_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    lastHttpStatus: integer("last_http_status"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** From the event's commit (this row's creation) to the receiver's 2xx answer. */
    latencyMs: bigint("latency_ms", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("trigger_deliveries_skip_reason", sql`(${t.status} = 'skipped') = (${t.skipReason} is not null)`),
    index("trigger_deliveries_trigger_created_idx").on(t.triggerId, t.createdAt),
    index("trigger_deliveries_cap_idx").on(t.triggerId, t.profileId, t.createdAt),
    index("trigger_deliveries_unqueued_idx")
      .on(t.createdAt)
      .where(sql`${t.queuedAt} is null and ${t.status} = 'pending'`),
  ],
);
