// Reads the steward overrides of many profiles in one statement, for survivorship.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { pgTextArray } from "../resolution/pg-array";
import type { StewardOverride } from "./build-golden-attributes";

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
export async function loadStewardOverrides(tx: Database, profileIds: readonly string[]): Promise<Map<string, StewardOverride[]>> {
  const byProfile = new Map<string, StewardOverride[]>();
  if (profileIds.length === 0) return byProfile;
  const rows = await queryRows<OverrideRow>(
    tx,
    sql`select profile_id, attribute, value, note, origin, set_by, set_at from golden_overrides
        where profile_id = any(${pgTextArray([...new Set(profileIds)])}::uuid[]) order by profile_id, attribute`,
  );
  for (const row of rows) {
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
