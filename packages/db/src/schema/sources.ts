// Source systems and the import batches that bring their rows in.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";

export const sourceKindEnum = pgEnum("source_kind", [
  "crm",
  "billing",
  "support",
  "marketing",
  "ecommerce",
  "web",
  "other",
]);
export const importOriginEnum = pgEnum("import_origin", ["file", "api", "stream", "portal"]);
export const importStatusEnum = pgEnum("import_status", ["running", "completed", "failed"]);

/** Source column -> canonical field (email, given_name, phone...). */
export type FieldMapping = Record<string, string>;
/** Canonical field -> how far survivorship trusts this source for it, 0..1. */
export type AttributeTrust = Record<string, number>;
/** A rejected row: its 1-based row number in the batch and why. */
export interface ImportRowError {
  row: number;
  reason: string;
}

export const sources = pgTable(
  "sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Used in URLs (/api/v1/sources/{name}/records), NATS subjects and the CLI's --source. */
    name: text("name").notNull().unique("sources_name_key"),
    kind: sourceKindEnum("kind").notNull().default("other"),
    description: text("description"),
    fieldMapping: jsonb("field_mapping").$type<FieldMapping>().notNull().default({}),
    attributeTrust: jsonb("attribute_trust").$type<AttributeTrust>().notNull().default({}),
    /**
     * Unmapped columns a steward or admin declared not personal (a customer type, a channel code): shown in raw
     * payloads to roles without profile:pii. Every other unmapped column is masked for them (decision 0501).
     */
    nonPersonalColumns: text("non_personal_columns")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Hash of the source's bearer token; the token itself is shown once and never stored. */
    apiTokenHash: text("api_token_hash"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [check("sources_name_not_blank", sql`length(trim(${t.name})) > 0`)],
);

export const importBatches = pgTable(
  "import_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "restrict" }),
    origin: importOriginEnum("origin").notNull(),
    fileName: text("file_name"),
    /**
     * Identifies the input (a hash of source + file content, or a caller's idempotency key): a restarted import of
     * the same input finds its running batch here and resumes after the checkpoint.
     */
    inputKey: text("input_key"),
    status: importStatusEnum("status").notNull().default("running"),
    rowsTotal: integer("rows_total").notNull().default(0),
    rowsAccepted: integer("rows_accepted").notNull().default(0),
    rowsRejected: integer("rows_rejected").notNull().default(0),
    rowsUnchanged: integer("rows_unchanged").notNull().default(0),
    /** Last row number committed; a restarted import resumes after it. */
    checkpoint: integer("checkpoint").notNull().default(0),
    /** The first rejected rows (capped by core); rowsRejected holds the full count. */
    errors: jsonb("errors").$type<ImportRowError[]>().notNull().default([]),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Who started it, readable without a join: an email, "cli", "source:crm". */
    actor: text("actor").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("import_batches_source_started_idx").on(t.sourceId, t.startedAt.desc().nullsFirst()),
    index("import_batches_source_input_key_idx").on(t.sourceId, t.inputKey),
    check(
      "import_batches_counts_non_negative",
      sql`${t.rowsTotal} >= 0 and ${t.rowsAccepted} >= 0 and ${t.rowsRejected} >= 0 and ${t.rowsUnchanged} >= 0 and ${t.checkpoint} >= 0`,
    ),
    check(
      "import_batches_finished_after_start",
      sql`${t.finishedAt} is null or ${t.finishedAt} >= ${t.startedAt}`,
    ),
  ],
);
