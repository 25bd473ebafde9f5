// Which profile each of some records belongs to now, with NOT_FOUND for records that do not exist.
import type { Database } from "@c360/db/client";
import { profileMembers, sourceRecords } from "@c360/db/schema";
import { eq, inArray } from "drizzle-orm";
import { notFound } from "../errors";

export async function loadMemberships(
  tx: Database,
  recordIds: readonly string[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(recordIds)];
  const rows = await tx
    .select({ recordId: sourceRecords.id, profileId: profileMembers.profileId })
    .from(sourceRecords)
    .leftJoin(profileMembers, eq(profileMembers.recordId, sourceRecords.id))
    .where(inArray(sourceRecords.id, ids));
  const byRecord = new Map(rows.map((r) => [r.recordId, r.profileId]));
  const missing = ids.find((id) => !byRecord.has(id));
  if (missing) throw notFound("Source record", missing);
  return byRecord;
}
