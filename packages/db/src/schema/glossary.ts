// Business glossary: terms with hierarchy, relations, reviewers, version history, approvals and links to catalog assets.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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
import { catalogAssets } from "./catalog";

export const glossaryTermStatusEnum = pgEnum("glossary_term_status", [
  "draft",
  "in_review",
  "approved",
  "deprecated",
]);
/** Apache Atlas-style relations; the parent/child hierarchy is glossary_terms.parent_id. */
export const glossaryRelationKindEnum = pgEnum("glossary_relation_kind", [
  "related",
  "synonym_of",
  "antonym_of",
  "preferred_term",
  "replaces",
  "is_a",
  "valid_value_of",
]);
export const glossaryDecisionEnum = pgEnum("glossary_decision", ["approved", "rejected"]);

export const glossaryTerms = pgTable(
  "glossary_terms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique("glossary_terms_slug_key"),
    definition: text("definition").notNull().default(""),
    synonyms: text("synonyms")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    domain: text("domain"),
    parentId: uuid("parent_id").references((): AnyPgColumn => glossaryTerms.id, { onDelete: "set null" }),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    status: glossaryTermStatusEnum("status").notNull().default("draft"),
    /** PII, sensitive...: flows to the linked catalog fields. */
    classification: text("classification")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The approved version shown to readers; a proposal in review is a higher version in glossary_term_versions. */
    currentVersion: integer("current_version").notNull().default(1),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("glossary_terms_parent_idx").on(t.parentId),
    index("glossary_terms_status_idx").on(t.status),
    index("glossary_terms_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    check("glossary_terms_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("glossary_terms_not_own_parent", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

export const glossaryTermVersions = pgTable(
  "glossary_term_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    termId: uuid("term_id")
      .notNull()
      .references(() => glossaryTerms.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** The term's fields at this version (name, definition, synonyms, relations, owner...), for diffs. */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    changedById: uuid("changed_by_id").references(() => users.id, { onDelete: "set null" }),
    changeNote: text("change_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("glossary_term_versions_term_version_key").on(t.termId, t.version)],
);

export const glossaryTermReviewers = pgTable(
  "glossary_term_reviewers",
  {
    termId: uuid("term_id")
      .notNull()
      .references(() => glossaryTerms.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ name: "glossary_term_reviewers_pkey", columns: [t.termId, t.userId] })],
);

export const glossaryTermRelations = pgTable(
  "glossary_term_relations",
  {
    termId: uuid("term_id")
      .notNull()
      .references(() => glossaryTerms.id, { onDelete: "cascade" }),
    relatedTermId: uuid("related_term_id")
      .notNull()
      .references(() => glossaryTerms.id, { onDelete: "cascade" }),
    kind: glossaryRelationKindEnum("kind").notNull(),
  },
  (t) => [
    primaryKey({ name: "glossary_term_relations_pkey", columns: [t.termId, t.relatedTermId, t.kind] }),
    index("glossary_term_relations_related_idx").on(t.relatedTermId),
    check("glossary_term_relations_not_self", sql`${t.termId} <> ${t.relatedTermId}`),
  ],
);

export const glossaryTermLinks = pgTable(
  "glossary_term_links",
  {
    termId: uuid("term_id")
      .notNull()
      .references(() => glossaryTerms.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => catalogAssets.id, { onDelete: "cascade" }),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "glossary_term_links_pkey", columns: [t.termId, t.assetId] }),
    index("glossary_term_links_asset_idx").on(t.assetId),
  ],
);

/** Reviewers' decisions on a proposed version. Core refuses a reviewer who authored that version. */
export const glossaryApprovals = pgTable(
  "glossary_approvals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    termId: uuid("term_id").notNull(),
    version: integer("version").notNull(),
    /** No onDelete action: who approved a definition stays on record; users are deactivated, not deleted. */
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    decision: glossaryDecisionEnum("decision").notNull(),
    comment: text("comment"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "glossary_approvals_term_version_fk",
      columns: [t.termId, t.version],
      foreignColumns: [glossaryTermVersions.termId, glossaryTermVersions.version],
    }).onDelete("cascade"),
    unique("glossary_approvals_term_version_reviewer_key").on(t.termId, t.version, t.reviewerId),
  ],
);
