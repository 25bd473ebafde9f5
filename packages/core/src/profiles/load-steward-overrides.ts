// Reads the steward overrides of many profiles in one statement, for survivorship.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { pgTextArray } from "@c360/db/bulk";
import type { StewardOverride } from "./build-golden-attributes";

const WHOLE_TABLE_ABOVE = 5000;

interface OverrideRow extends Record<string, unknown> {
  profile_id: string;
  attribute: string;
  value: string;
  note: string;
  origin: "steward" | "rectification";
  set_by: string;
  set_at: Date | string;
}

/** Overrides per profile id; profiles without any are absent from the map. One query whatever the number of ids. */
export async function loadStewardOverrides(
  tx: Database,
  profileIds: readonly string[],
): Promise<Map<string, StewardOverride[]>> {
  const byProfile = new Map<string, StewardOverride[]>();
  if (profileIds.length === 0) return byProfile;
  const unique = new Set(profileIds);
  // A full run asks for every live profile: sending 100k ids costs ~0.1-0.3 s of array parsing, while the table holds
  // only the few profiles stewards touched, all of them live, so it is read whole and filtered here.
  const wanted = unique.size > WHOLE_TABLE_ABOVE ? unique : null;
  const rows = await queryRows<OverrideRow>(
    tx,
    wanted
      ? sql`select profile_id, attribute, value, note, origin, set_by, set_at from golden_overrides order by profile_id, attribute`
      : sql`select profile_id, attribute, value, note, origin, set_by, set_at from golden_overrides
            where profile_id = any(${pgTextArray([...unique])}::uuid[]) order by profile_id, attribute`,
  );
  for (const row of rows) {
    if (wanted && !wanted.has(row.profile_id)) continue;
    const list = byProfile.get(row.profile_id) ?? [];
    list.push({
      attribute: row.attribute,
      value: row.value,
      note: row.note,
      origin: row.origin,
      setBy: row.set_by,
      setAt: new Date(row.set_at).toISOString(),
    });
    byProfile.set(row.profile_id, list);
  }
  return byProfile;
}
