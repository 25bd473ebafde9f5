// Recomputes the stored golden attributes, display name and search text of profiles from their current members
// and their steward overrides.
import type { Database } from "@c360/db/client";
import { goldenAttributes, profiles } from "@c360/db/schema";
import { sql, type SQL } from "drizzle-orm";
import { pgTextArray } from "@c360/db/bulk";
import { attributeFiringParts } from "../triggers/enqueue-profile-change-triggers";
import { buildGoldenAttributes, type GoldenAttributeRow } from "./build-golden-attributes";
import { loadGoldenMembers } from "./load-golden-members";
import { loadStewardOverrides } from "./load-steward-overrides";
import { notifyProfileChangesStatement } from "./notify-profile-changes";

// Keeps each statement well under PostgreSQL's 65,535 bind parameters.
export const PROFILES_PER_CHUNK = 1000;

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

/** What a refresh sends along with its write. */
export interface RefreshAlongside {
  /** Data-modifying statements (insert, update, delete without returning) that touch neither golden_attributes nor these profiles. */
  statements?: readonly SQL[];
  /** Tell open profile pages that these profiles changed (notify-profile-changes.ts). */
  notify?: boolean;
}

/**
 * Reads the members and overrides of up to PROFILES_PER_CHUNK profiles and returns the one statement that writes
 * their golden values (and what goes alongside), for the caller to send (refreshQueuedGolden sends it with COMMIT).
 */
export async function goldenWriteStatement(
  tx: Database,
  profileIds: readonly string[],
  alongside: RefreshAlongside,
): Promise<SQL> {
  // Both reads at once (pipelined on PostgreSQL).
  const [membersByProfile, overrides] = await Promise.all([
    loadGoldenMembers(tx, profileIds),
    loadStewardOverrides(tx, profileIds),
  ]);
  const rows: ReturnType<typeof storedGoldenRows> = [];
  const summaries: { id: string; display_name: string | null; search_text: string }[] = [];
  for (const [profileId, members] of membersByProfile) {
    const golden = buildGoldenAttributes(members, overrides.get(profileId));
    rows.push(...storedGoldenRows(profileId, golden.attributes));
    summaries.push({ id: profileId, display_name: golden.displayName, search_text: golden.searchText });
  }
  // One statement (data-modifying CTEs over one parse of the JSON): every statement costs a round trip and a
  // socket write, and a refresh runs beside every arrival.
  // - Attributes the members no longer support go (rare: a record unlinked or erased). The rows kept and the rows
  //   deleted are disjoint, so the two parts never touch the same row.
  // - Only what changed is written: linking one more record usually leaves most golden rows as they were (the
  //   competing values are not stored, and an agreeing newcomer does not take the citation), and an unchanged
  //   value keeps the time it was decided. Likewise the display name and search text.
  const parts = [
    sql`golden as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(profile_id uuid, attribute text, value jsonb, source_record_id uuid, rule text, rule_detail jsonb))`,
    sql`stale as (delete from ${goldenAttributes} g
      where g.profile_id = any(${pgTextArray(profileIds)}::uuid[])
        and not exists (select 1 from golden x where x.profile_id = g.profile_id and x.attribute = g.attribute))`,
    sql`upserted as (insert into ${goldenAttributes} as g (profile_id, attribute, value, source_record_id, rule, rule_detail)
      select profile_id, attribute, value, source_record_id, rule, rule_detail from golden
      on conflict (profile_id, attribute) do update
        set value = excluded.value, source_record_id = excluded.source_record_id, rule = excluded.rule,
            rule_detail = excluded.rule_detail, decided_at = now()
        where (g.value, g.source_record_id, g.rule, g.rule_detail)
          is distinct from (excluded.value, excluded.source_record_id, excluded.rule, excluded.rule_detail))`,
    sql`named as (update ${profiles} set display_name = v.display_name, search_text = v.search_text
      from jsonb_to_recordset(${JSON.stringify(summaries)}::jsonb) as v(id uuid, display_name text, search_text text)
      where ${profiles.id} = v.id
        and (${profiles.displayName} is distinct from v.display_name or ${profiles.searchText} is distinct from v.search_text))`,
    // Attribute triggers watching a value that changes here fire in this statement (decision 2201).
    ...attributeFiringParts(sql`${pgTextArray(profileIds)}::uuid[]`, "golden"),
    ...alongsideParts(alongside.statements ?? []),
  ];
  // A query in WITH runs only if the statement reads it (data-modifying ones always run): the notification is read.
  const notify = alongside.notify ? notifyProfileChangesStatement(profileIds) : null;
  if (notify) parts.push(sql`notified as (${notify})`);
  return sql`with ${sql.join(parts, sql`, `)} select ${notify ? sql`count(*) from notified` : sql`1`}`;
}

const alongsideParts = (statements: readonly SQL[]) =>
  statements.map((statement, i) => sql`alongside_${sql.raw(String(i))} as (${statement})`);

/**
 * Replaces the golden attributes, display name and search text of the given profiles with what their members
 * say now, steward overrides winning over them. Runs in the caller's transaction (pass the transaction as tx) so
 * membership and golden values change together. A profile without members is left with no attributes. Does not
 * bump profiles.version: the caller that changed the membership does, once. What goes `alongside` is sent with the
 * (last chunk's) write, in the same statement; with no profile there is no write, and nothing is sent.
 */
export async function refreshGoldenAttributes(
  tx: Database,
  profileIds: readonly string[],
  alongside: RefreshAlongside = {},
): Promise<void> {
  const unique = [...new Set(profileIds)];
  for (let i = 0; i < unique.length; i += PROFILES_PER_CHUNK) {
    const chunk = unique.slice(i, i + PROFILES_PER_CHUNK);
    const last = i + PROFILES_PER_CHUNK >= unique.length;
    await tx.execute(
      await goldenWriteStatement(tx, chunk, {
        statements: last ? alongside.statements : [],
        notify: alongside.notify,
      }),
    );
  }
}
