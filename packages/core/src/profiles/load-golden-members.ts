// The member records of profiles as survivorship reads them: standardized fields, the raw row (for a source's own
// spelling), and the source's name, trust and mapping.
import type { Database } from "@c360/db/client";
import { profileMembers, sourceRecords, sources } from "@c360/db/schema";
import type { StandardRecord } from "@c360/matching";
import { asc, inArray, sql } from "drizzle-orm";
import { pgTextArray } from "@c360/db/bulk";
import type { GoldenMember } from "./build-golden-attributes";

/** Every profile asked for has an entry (empty when it has no members), members in record id order. */
export async function loadGoldenMembers(
  db: Database,
  profileIds: readonly string[],
): Promise<Map<string, GoldenMember[]>> {
  const membersByProfile = new Map<string, GoldenMember[]>(profileIds.map((id) => [id, []]));
  if (profileIds.length === 0) return membersByProfile;
  const rows = await db
    .select({
      profileId: profileMembers.profileId,
      recordId: sourceRecords.id,
      sourceId: sourceRecords.sourceId,
      standardized: sourceRecords.standardized,
      raw: sourceRecords.raw,
      recordUpdatedAt: sourceRecords.updatedAt,
    })
    .from(profileMembers)
    .innerJoin(sourceRecords, sql`${sourceRecords.id} = ${profileMembers.recordId}`)
    // One array parameter: the same statement (prepared once per connection) for any number of profiles; a list of
    // parameters made a new statement, and a describe round trip, for every count.
    .where(sql`${profileMembers.profileId} = any(${pgTextArray(profileIds)}::uuid[])`)
    // Ordered so candidates appear in the same order every time the same members are read.
    .orderBy(asc(profileMembers.profileId), asc(sourceRecords.id));
  // Each source once, not once per member: its mapping and trust are the same objects for all its records (so
  // survivorship's per-mapping cache hits), and the read carries no copies of them.
  const sourceIds = [...new Set(rows.map((row) => row.sourceId))];
  const sourceRows =
    sourceIds.length === 0
      ? []
      : await db
          .select({
            id: sources.id,
            name: sources.name,
            attributeTrust: sources.attributeTrust,
            fieldMapping: sources.fieldMapping,
          })
          .from(sources)
          .where(inArray(sources.id, sourceIds));
  const sourceById = new Map(sourceRows.map((source) => [source.id, source]));
  for (const row of rows) {
    const source = sourceById.get(row.sourceId)!;
    membersByProfile.get(row.profileId)!.push(goldenMemberOf({ ...row, source }));
  }
  return membersByProfile;
}

/**
 * One stored record as survivorship reads it. "Most recent" reads the time the source gave (its updated_at
 * column), else when c360 last stored the record.
 */
export function goldenMemberOf(record: {
  recordId: string;
  standardized: unknown;
  raw: Readonly<Record<string, unknown>>;
  recordUpdatedAt: Date;
  source: {
    name: string;
    attributeTrust: Readonly<Record<string, number>>;
    fieldMapping: Readonly<Record<string, string>>;
  };
}): GoldenMember {
  const standardized = record.standardized as StandardRecord;
  return {
    recordId: record.recordId,
    sourceName: record.source.name,
    sourceTrust: record.source.attributeTrust,
    updatedAt:
      typeof standardized.updatedAt === "string"
        ? standardized.updatedAt
        : record.recordUpdatedAt.toISOString(),
    standardized,
    raw: record.raw,
    fieldMapping: record.source.fieldMapping,
  };
}
