// Loads every active source record in the shape the engine and survivorship need.
import type { Database } from "@c360/db/client";
import { sourceRecords, sources } from "@c360/db/schema";
import type { StandardRecord } from "@c360/matching";
import { toStoreRecord } from "@c360/matching/store";
import { asc, eq } from "drizzle-orm";

export interface ActiveRecord {
  id: string;
  externalId: string;
  sourceId: string;
  sourceName: string;
  sourceTrust: Record<string, number>;
  fieldMapping: Record<string, string>;
  /** The engine's standardized form, with id = record uuid and source = source name. */
  standardized: StandardRecord;
  raw: Record<string, unknown>;
  updatedAt: Date;
  profileId: string | null;
  /** The version loaded: what a full run decides about. */
  currentVersion: number;
}

export async function loadActiveRecords(db: Database): Promise<ActiveRecord[]> {
  const rows = await db
    .select({
      id: sourceRecords.id,
      externalId: sourceRecords.externalId,
      sourceId: sourceRecords.sourceId,
      sourceName: sources.name,
      sourceTrust: sources.attributeTrust,
      fieldMapping: sources.fieldMapping,
      standardized: sourceRecords.standardized,
      raw: sourceRecords.raw,
      updatedAt: sourceRecords.updatedAt,
      profileId: sourceRecords.profileId,
      currentVersion: sourceRecords.currentVersion,
    })
    .from(sourceRecords)
    .innerJoin(sources, eq(sources.id, sourceRecords.sourceId))
    .where(eq(sourceRecords.status, "active"))
    // A stable order makes training (sampling) and cluster labels reproducible run to run, and across databases:
    // source ids are random per database, source names are what two copies of the same data share.
    .orderBy(asc(sources.name), asc(sourceRecords.externalId));
  return rows.map((row) => ({
    ...row,
    standardized: toStoreRecord(row.id, row.sourceName, row.standardized as Partial<StandardRecord>),
    raw: row.raw as Record<string, unknown>,
  }));
}
