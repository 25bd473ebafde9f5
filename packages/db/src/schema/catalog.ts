// Data catalog (source systems, datasets, columns, c360's own fields, exports, dashboards) and lineage between assets.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./access";

export const catalogAssetKindEnum = pgEnum("catalog_asset_kind", [
  "source_system",
  "dataset",
  "column",
  "standardized_field",
  "golden_attribute",
  "export",
  "segment",
  "dashboard",
  "job",
]);
/** Who put an asset or edge in the catalog: c360 itself, a person, or an OpenLineage event. */
export const catalogOriginEnum = pgEnum("catalog_origin", ["platform", "user", "openlineage"]);

export const catalogAssets = pgTable(
  "catalog_assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: catalogAssetKindEnum("kind").notNull(),
    /** Globally unique dotted path: source:crm.customers.email, golden:email, export:newsletter, ol:namespace/job. */
    qualifiedName: text("qualified_name").notNull().unique("catalog_assets_qualified_name_key"),
    name: text("name").notNull(),
    /** Columns under their dataset, datasets under their source system; removing a parent removes its children. */
    parentId: uuid("parent_id").references((): AnyPgColumn => catalogAssets.id, { onDelete: "cascade" }),
    description: text("description"),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    classification: text("classification")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    registeredBy: catalogOriginEnum("registered_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("catalog_assets_parent_idx").on(t.parentId),
    index("catalog_assets_kind_idx").on(t.kind),
    index("catalog_assets_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

/** Directed edge: data flows from from_asset to to_asset. Cycles are allowed (and drawn); traversals must guard. */
export const lineageEdges = pgTable(
  "lineage_edges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fromAssetId: uuid("from_asset_id")
      .notNull()
      .references(() => catalogAssets.id, { onDelete: "cascade" }),
    toAssetId: uuid("to_asset_id")
      .notNull()
      .references(() => catalogAssets.id, { onDelete: "cascade" }),
    /** standardize:email, survive:most_trusted_source, export, or the OpenLineage transformation; '' when unknown. */
    transformation: text("transformation").notNull().default(""),
    recordedBy: catalogOriginEnum("recorded_by").notNull(),
    jobName: text("job_name"),
    runId: text("run_id"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("lineage_edges_from_to_transformation_key").on(t.fromAssetId, t.toAssetId, t.transformation),
    index("lineage_edges_to_idx").on(t.toAssetId),
  ],
);

/** OpenLineage RunEvents as received, after validation; the edges they imply are in lineage_edges. */
export const openlineageEvents = pgTable(
  "openlineage_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventType: text("event_type").notNull(),
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
    runId: text("run_id").notNull(),
    jobNamespace: text("job_namespace").notNull(),
    jobName: text("job_name").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("openlineage_events_job_idx").on(t.jobNamespace, t.jobName, t.eventTime),
    index("openlineage_events_run_idx").on(t.runId),
  ],
);
