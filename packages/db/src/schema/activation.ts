// Activation: segments (stored rule definitions over golden attributes and interactions), exports of a segment
// under a consent purpose (CSV download or webhook push), and the record of every export run.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";
import { consentPurposes } from "./consent";

export const exportKindEnum = pgEnum("export_kind", ["csv", "webhook"]);
export const exportRunStatusEnum = pgEnum("export_run_status", ["running", "completed", "failed"]);

/** A segment's definition is validated JSON (see @c360/core/activation/segment-rules), compiled to SQL in core. */
export const segments = pgTable("segments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique("segments_name_key"),
  description: text("description").notNull().default(""),
  definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
  createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

/** An export: which segment, under which consent purpose and channel, to where, with which golden fields. */
export const activationExports = pgTable(
  "activation_exports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique("activation_exports_name_key"),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "restrict" }),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => consentPurposes.id, { onDelete: "restrict" }),
    /** '' = the purpose's own channel (or any channel when the purpose has none). */
    channel: text("channel").notNull().default(""),
    kind: exportKindEnum("kind").notNull(),
    webhookUrl: text("webhook_url"),
    /** Golden attributes written per profile, after the profile id. */
    fields: jsonb("fields").$type<string[]>().notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("activation_exports_webhook_url", sql`(${t.kind} = 'webhook') = (${t.webhookUrl} is not null)`),
    index("activation_exports_segment_idx").on(t.segmentId),
  ],
);

/** Every run of an export: who, when, under which purpose, how many went out and how many consent kept back. */
export const exportRuns = pgTable(
  "export_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    exportId: uuid("export_id")
      .notNull()
      .references(() => activationExports.id, { onDelete: "restrict" }),
    segmentId: uuid("segment_id").notNull(),
    purposeId: uuid("purpose_id")
      .notNull()
      .references(() => consentPurposes.id, { onDelete: "restrict" }),
    channel: text("channel").notNull(),
    kind: exportKindEnum("kind").notNull(),
    status: exportRunStatusEnum("status").notNull().default("running"),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    /** Active profiles the segment matched. */
    matchedCount: integer("matched_count").notNull().default(0),
    exportedCount: integer("exported_count").notNull().default(0),
    /** Matched, but without current 'given' consent for the purpose and channel. */
    excludedForConsentCount: integer("excluded_for_consent_count").notNull().default(0),
    /** The webhook's HTTP status, when pushed. */
    httpStatus: integer("http_status"),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("export_runs_export_started_idx").on(t.exportId, t.startedAt)],
);
