// Recomputes the stored golden attributes, display name and search text of profiles from their current members
// and their steward overrides.
import { queryRows, type Database } from "@c360/db/client";
import { goldenAttributes, profiles } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { pgTextArray } from "../resolution/pg-array";
import { buildGoldenAttributes, type GoldenAttributeRow } from "./build-golden-attributes";
import { loadGoldenMembers } from "./load-golden-members";
import { loadStewardOverrides } from "./load-steward-overrides";

// Keeps each statement well under PostgreSQL's 65,535 bind parameters.
const PROFILES_PER_CHUNK = 1000;

/** A profile's golden attributes as golden_attributes rows, in the shape jsonb_to_recordset reads. */
export function storedGoldenRows(profileId: string, attributes: readonly GoldenAttributeRow[]) {
  return attributes.map((g) => ({
    profile_id: profileId,
    attribute: g.attribute,
    value: g.value,
    source_record_id: g.sourceRecordId,
    rule: g.rule,
    rule_detail: g.ruleDetail,
  }));
}

async function refreshChunk(tx: Database, profileIds: string[]): Promise<void> {
  const membersByProfile = await loadGoldenMembers(tx, profileIds);
  const overrides = await loadStewardOverrides(tx, profileIds);
  const rows: ReturnType<typeof storedGoldenRows> = [];
  const summaries: { id: string; display_name: string | null; search_text: string }[] = [];
  for (const [profileId, members] of membersByProfile) {
    const golden = buildGoldenAttributes(members, overrides.get(profileId));
    rows.push(...storedGoldenRows(profileId, golden.attributes));
    summaries.push({ id: profileId, display_name: golden.displayName, search_text: golden.searchText });
  }

  // Only what changed is written: linking one more record to a profile usually leaves most of its golden rows as
  // they were (the competing values are not stored, and an agreeing newcomer does not take the citation), and an
  // unchanged value keeps the time it was decided.
  const golden = JSON.stringify(rows);
  // Attributes the members no longer support go. Rare (a record unlinked or erased), so the stored keys are read
  // (from the primary key) and only the stale ones are deleted; the golden JSON is parsed once, by the upsert.
  const kept = new Set(rows.map((g) => `${g.profile_id}|${g.attribute}`));
  const stored = await queryRows<{ profile_id: string; attribute: string }>(
    tx,
    sql`select profile_id, attribute from ${goldenAttributes} where profile_id = any(${pgTextArray(profileIds)}::uuid[])`,
  );
  const stale = stored.filter((g) => !kept.has(`${g.profile_id}|${g.attribute}`));
  if (stale.length > 0) {
    await tx.execute(sql`delete from ${goldenAttributes} g
      using unnest(${pgTextArray(stale.map((g) => g.profile_id))}::uuid[], ${pgTextArray(stale.map((g) => g.attribute))}::text[]) as x(profile_id, attribute)
      where g.profile_id = x.profile_id and g.attribute = x.attribute`);
  }
  await tx.execute(sql`insert into ${goldenAttributes} as g (profile_id, attribute, value, source_record_id, rule, rule_detail)
    select profile_id, attribute, value, source_record_id, rule, rule_detail
    from jsonb_to_recordset(${golden}::jsonb)
      as x(profile_id uuid, attribute text, value jsonb, source_record_id uuid, rule text, rule_detail jsonb)
    on conflict (profile_id, attribute) do update
      set value = excluded.value, source_record_id = excluded.source_record_id, rule = excluded.rule,
          rule_detail = excluded.rule_detail, decided_at = now()
      where (g.value, g.source_record_id, g.rule, g.rule_detail)
        is distinct from (excluded.value, excluded.source_record_id, excluded.rule, excluded.rule_detail)`);
  // One statement for the whole chunk; JSON carries the values the same way on both drivers.
  await tx.execute(sql`
    update ${profiles} set display_name = v.display_name, search_text = v.search_text
    from jsonb_to_recordset(${JSON.stringify(summaries)}::jsonb) as v(id uuid, display_name text, search_text text)
    where ${profiles.id} = v.id
      and (${profiles.displayName} is distinct from v.display_name or ${profiles.searchText} is distinct from v.search_text)`);
}

/**
 * Replaces the golden attributes, display name and search text of the given profiles with what their members
 * say now, steward overrides winning over them. Runs in the caller's transaction (pass the transaction as tx) so membership and golden values change
 * together. A profile without members is left with no attributes. Does not bump profiles.version: the caller
 * that changed the membership does, once.
 */
export async function refreshGoldenAttributes(tx: Database, profileIds: readonly string[]): Promise<void> {
  const unique = [...new Set(profileIds)];
  for (let i = 0; i < unique.length; i += PROFILES_PER_CHUNK) {
    await refreshChunk(tx, unique.slice(i, i + PROFILES_PER_CHUNK));
  }
}
