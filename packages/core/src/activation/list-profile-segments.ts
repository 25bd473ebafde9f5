// The saved segments one profile belongs to now, evaluated from its current golden values and interactions (so a
// new event moves it in or out at the next read: membership is never stored, there is nothing to invalidate).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { segments } from "@c360/db/schema";
import { asc } from "drizzle-orm";
import { sql, type SQL } from "drizzle-orm";
import { compileSegment, segmentDefinition } from "./segment-rules";

/** A profile page evaluates at most this many segments (by name); more than that is a list for the segments page. */
export const MAX_PROFILE_SEGMENTS = 100;

export interface ProfileSegmentMembership {
  segmentId: string;
  name: string;
}

/**
 * One statement for every segment: `select id where <rule about this profile>` for each, joined by UNION ALL. A
 * definition that no longer validates is skipped (the segments page says so), never compiled.
 */
export async function listProfileSegments(
  db: Database,
  profileId: string,
): Promise<ProfileSegmentMembership[]> {
  const saved = await db
    .select({ id: segments.id, name: segments.name, definition: segments.definition })
    .from(segments)
    .orderBy(asc(segments.name))
    .limit(MAX_PROFILE_SEGMENTS);
  const branches: SQL[] = [];
  for (const segment of saved) {
    const parsed = segmentDefinition.safeParse(segment.definition);
    if (!parsed.success) continue;
    branches.push(
      sql`select ${segment.id}::text as id where ${compileSegment(parsed.data, sql`${profileId}::uuid`)}`,
    );
  }
  if (branches.length === 0) return [];
  const rows = await queryRows<{ id: string }>(db, sql.join(branches, sql` union all `));
  const member = new Set(rows.map((r) => r.id));
  return saved.filter((s) => member.has(s.id)).map((s) => ({ segmentId: s.id, name: s.name }));
}
