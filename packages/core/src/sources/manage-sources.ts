// The source registry: create, change, list and look up the systems records come from. Every change is audited.
import type { Database } from "@c360/db/client";
import { sources, type AttributeTrust, type FieldMapping } from "@c360/db/schema";
import { asc, eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";
import { AppError, notFound } from "../errors";
import {
  createSourceInput,
  personalColumnsAmong,
  setNonPersonalColumnsInput,
  sourceNameSchema,
  updateSourceInput,
  type CreateSourceInput,
  type SetNonPersonalColumnsInput,
  type SourceKind,
  type UpdateSourceInput,
} from "./source-schemas";
import { parseInput } from "../parse-input";

/** A source as callers see it: the token hash never leaves core, only whether a token is set. */
export interface PublicSource {
  id: string;
  name: string;
  kind: SourceKind;
  description: string | null;
  fieldMapping: FieldMapping;
  attributeTrust: AttributeTrust;
  /** Unmapped columns shown to roles without profile:pii; every other unmapped column is masked for them. */
  nonPersonalColumns: string[];
  hasToken: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type SourceRow = typeof sources.$inferSelect;

export function toPublicSource(row: SourceRow): PublicSource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    fieldMapping: row.fieldMapping,
    attributeTrust: row.attributeTrust,
    nonPersonalColumns: row.nonPersonalColumns,
    hasToken: row.apiTokenHash !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listSources(db: Database): Promise<PublicSource[]> {
  const rows = await db.select().from(sources).orderBy(asc(sources.name));
  return rows.map(toPublicSource);
}

export async function getSourceByName(db: Database, name: string): Promise<PublicSource | null> {
  const parsed = sourceNameSchema.safeParse(name);
  if (!parsed.success) return null;
  const [row] = await db.select().from(sources).where(eq(sources.name, parsed.data)).limit(1);
  return row ? toPublicSource(row) : null;
}

export async function createSource(
  db: Database,
  actor: Actor,
  input: CreateSourceInput,
): Promise<PublicSource> {
  const data = parseInput(createSourceInput, input);
  refusePersonalColumns(data.nonPersonalColumns, data.fieldMapping);
  const [created] = await db
    .insert(sources)
    .values({
      name: data.name,
      kind: data.kind,
      description: data.description ?? null,
      fieldMapping: data.fieldMapping,
      attributeTrust: data.attributeTrust,
      nonPersonalColumns: data.nonPersonalColumns,
    })
    .onConflictDoNothing()
    .returning();
  if (!created)
    throw new AppError("CONFLICT", `A source named ${data.name} already exists.`, { name: data.name });
  await recordAudit(db, actor, {
    action: "source.create",
    entityType: "source",
    entityId: created.id,
    details: {
      name: data.name,
      kind: data.kind,
      mappedColumns: Object.keys(data.fieldMapping).length,
      nonPersonalColumns: data.nonPersonalColumns,
    },
  });
  // The catalog and lineage show the new source and its mapped columns at once, not after someone opens a page.
  await syncCatalogFromPlatform(db, actor);
  return toPublicSource(created);
}

/**
 * Returns the named source, creating it with the given mapping when it does not exist yet (the CLI's
 * `c360 import` contract). Safe when two imports start at once: the insert ignores the conflict and re-reads.
 */
export async function ensureSource(
  db: Database,
  actor: Actor,
  input: CreateSourceInput,
): Promise<{ source: PublicSource; created: boolean }> {
  const data = parseInput(createSourceInput, input);
  const existing = await getSourceByName(db, data.name);
  if (existing) return { source: existing, created: false };
  try {
    return { source: await createSource(db, actor, data), created: true };
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      const raced = await getSourceByName(db, data.name);
      if (raced) return { source: raced, created: false };
    }
    throw error;
  }
}

export async function updateSource(
  db: Database,
  actor: Actor,
  input: UpdateSourceInput,
): Promise<PublicSource> {
  const data = parseInput(updateSourceInput, input);
  const changes: Partial<typeof sources.$inferInsert> = {};
  if (data.kind !== undefined) changes.kind = data.kind;
  if (data.description !== undefined) changes.description = data.description;
  if (data.fieldMapping !== undefined) changes.fieldMapping = data.fieldMapping;
  if (data.attributeTrust !== undefined) changes.attributeTrust = data.attributeTrust;
  if (data.nonPersonalColumns !== undefined) changes.nonPersonalColumns = data.nonPersonalColumns;
  if (data.fieldMapping !== undefined || data.nonPersonalColumns !== undefined) {
    const current = await requireSource(db, data.name);
    refusePersonalColumns(
      data.nonPersonalColumns ?? current.nonPersonalColumns,
      data.fieldMapping ?? current.fieldMapping,
    );
  }
  if (Object.keys(changes).length === 0) {
    const current = await getSourceByName(db, data.name);
    if (!current) throw notFound("Source", data.name);
    return current;
  }
  const [updated] = await db.update(sources).set(changes).where(eq(sources.name, data.name)).returning();
  if (!updated) throw notFound("Source", data.name);
  await recordAudit(db, actor, {
    action: "source.update",
    entityType: "source",
    entityId: updated.id,
    details: { name: data.name, changed: Object.keys(changes) },
  });
  if (changes.fieldMapping !== undefined || changes.kind !== undefined)
    await syncCatalogFromPlatform(db, actor);
  return toPublicSource(updated);
}

function refusePersonalColumns(columns: readonly string[], mapping: Readonly<Record<string, string>>): void {
  const personal = personalColumnsAmong(columns, mapping);
  if (personal.length === 0) return;
  throw new AppError(
    "BAD_REQUEST",
    `${personal.map((c) => `"${c}"`).join(", ")} ${personal.length === 1 ? "feeds" : "feed"} a personal field (${personal.map((c) => mapping[c] ?? c).join(", ")}) and cannot be declared not personal; it is masked by the field it maps to.`,
    { columns: personal },
  );
}

/**
 * Declares which unmapped columns of a source are not personal (the whole list, replacing the previous one). Roles
 * without profile:pii see those columns' raw values; every other unmapped column stays masked for them. Audited
 * with the columns named (column names are not personal data) and what changed.
 */
export async function setNonPersonalColumns(
  db: Database,
  actor: Actor,
  input: SetNonPersonalColumnsInput,
): Promise<PublicSource> {
  const data = parseInput(setNonPersonalColumnsInput, input);
  const current = await requireSource(db, data.name);
  refusePersonalColumns(data.columns, current.fieldMapping);
  const [updated] = await db
    .update(sources)
    .set({ nonPersonalColumns: data.columns })
    .where(eq(sources.name, data.name))
    .returning();
  if (!updated) throw notFound("Source", data.name);
  const before = new Set(current.nonPersonalColumns);
  const after = new Set(data.columns);
  await recordAudit(db, actor, {
    action: "source.classify_columns",
    entityType: "source",
    entityId: updated.id,
    details: {
      name: data.name,
      nonPersonalColumns: data.columns,
      added: data.columns.filter((c) => !before.has(c)),
      removed: current.nonPersonalColumns.filter((c) => !after.has(c)),
    },
  });
  return toPublicSource(updated);
}

/** The source or a NOT_FOUND error naming it; for callers that need the source to exist. */
export async function requireSource(db: Database, name: string): Promise<PublicSource> {
  const source = await getSourceByName(db, name);
  if (!source) throw notFound("Source", name);
  return source;
}
