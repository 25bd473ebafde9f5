// Recomputes the stored golden attributes, display name and search text of profiles from their current members.
import type { Database } from "@c360/db/client";
import { goldenAttributes, profileMembers, profiles, sourceRecords, sources } from "@c360/db/schema";
import type { StandardRecord } from "@c360/matching";
import { asc, inArray, sql } from "drizzle-orm";
import { buildGoldenAttributes, type GoldenMember } from "./build-golden-attributes";

// Keeps each statement well under PostgreSQL's 65,535 bind parameters.
const PROFILES_PER_CHUNK = 1000;
const ROWS_PER_INSERT = 2000;

async function refreshChunk(tx: Database, profileIds: string[]): Promise<void> {
  const rows = await tx
    .select({
      profileId: profileMembers.profileId,
      recordId: sourceRecords.id,
      standardized: sourceRecords.standardized,
      raw: sourceRecords.raw,
      recordUpdatedAt: sourceRecords.updatedAt,
      sourceName: sources.name,
      attributeTrust: sources.attributeTrust,
      fieldMapping: sources.fieldMapping,
    })
    .from(profileMembers)
    .innerJoin(sourceRecords, sql`${sourceRecords.id} = ${profileMembers.recordId}`)
    .innerJoin(sources, sql`${sources.id} = ${sourceRecords.sourceId}`)
    .where(inArray(profileMembers.profileId, profileIds))
    // Ordered so candidates appear in the same order every time the same members are refreshed.
    .orderBy(asc(profileMembers.profileId), asc(sourceRecords.id));

  const membersByProfile = new Map<string, GoldenMember[]>(profileIds.map((id) => [id, []]));
  for (const row of rows) {
    const standardized = row.standardized as unknown as StandardRecord;
    membersByProfile.get(row.profileId)!.push({
      recordId: row.recordId,
      sourceName: row.sourceName,
      sourceTrust: row.attributeTrust,
      updatedAt: typeof standardized.updatedAt === "string" ? standardized.updatedAt : row.recordUpdatedAt.toISOString(),
      standardized,
      raw: row.raw,
      fieldMapping: row.fieldMapping,
    });
  }

  const inserts: (typeof goldenAttributes.$inferInsert)[] = [];
  const summaries: { id: string; display_name: string | null; search_text: string }[] = [];
  for (const [profileId, members] of membersByProfile) {
    const golden = buildGoldenAttributes(members);
    for (const row of golden.attributes) inserts.push({ profileId, ...row });
    summaries.push({ id: profileId, display_name: golden.displayName, search_text: golden.searchText });
  }

  await tx.delete(goldenAttributes).where(inArray(goldenAttributes.profileId, profileIds));
  for (let i = 0; i < inserts.length; i += ROWS_PER_INSERT) {
    await tx.insert(goldenAttributes).values(inserts.slice(i, i + ROWS_PER_INSERT));
  }
  // One statement for the whole chunk; JSON carries the values the same way on both drivers.
  await tx.execute(sql`
    update ${profiles} set display_name = v.display_name, search_text = v.search_text
    from jsonb_to_recordset(${JSON.stringify(summaries)}::jsonb) as v(id uuid, display_name text, search_text text)
    where ${profiles.id} = v.id
      and (${profiles.displayName} is distinct from v.display_name or ${profiles.searchText} is distinct from v.search_text)`);
}

/**
 * Replaces the golden attributes, display name and search text of the given profiles with what their members
 * say now. Runs in the caller's transaction (pass the transaction as tx) so membership and golden values change
 * together. A profile without members is left with no attributes. Does not bump profiles.version: the caller
 * that changed the membership does, once.
 */
export async function refreshGoldenAttributes(tx: Database, profileIds: readonly string[]): Promise<void> {
  const unique = [...new Set(profileIds)];
  for (let i = 0; i < unique.length; i += PROFILES_PER_CHUNK) {
    await refreshChunk(tx, unique.slice(i, i + PROFILES_PER_CHUNK));
  }
}
