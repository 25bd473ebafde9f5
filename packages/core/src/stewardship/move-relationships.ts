// Relationships follow identity: when profiles are absorbed into others (a steward's merge, a full run that
// retires a profile), the household members, employers and accounts recorded on them move to the survivors.
import type { Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { recordset } from "@c360/db/bulk";

export interface Absorption {
  loserId: string;
  survivorId: string;
}

/**
 * Re-points every relationship that names a retired profile, at either end, to its survivor, in two statements
 * whatever the number of profiles. A relationship that would then point at itself (a household member merged
 * into the person), or repeat one the survivor already has, is dropped: the survivor's own stays.
 */
export async function moveRelationships(tx: Database, absorbed: readonly Absorption[]): Promise<void> {
  if (absorbed.length === 0) return;
  const pairs = recordset(
    absorbed.map((a) => ({ loser: a.loserId, survivor: a.survivorId })),
    "x",
    "loser uuid, survivor uuid",
  );
  const moved = sql`x as (select * from ${pairs}),
    moved as (
      select r.id, r.kind, r.account_name, r.created_at,
        coalesce(xf.survivor, r.from_profile_id) as new_from, coalesce(xt.survivor, r.to_profile_id) as new_to
      from relationships r
      left join x xf on xf.loser = r.from_profile_id
      left join x xt on xt.loser = r.to_profile_id
      where xf.loser is not null or xt.loser is not null)`;
  // Which moved rows to drop: self-relations, a second copy among the moved, or a copy of one the survivor has.
  await tx.execute(sql`with ${moved},
    ranked as (
      select m.id, m.new_from, m.new_to,
        row_number() over (partition by m.new_from, m.kind, coalesce(m.new_to::text, m.account_name) order by m.created_at, m.id) as copy,
        exists (select 1 from relationships o
          where o.from_profile_id = m.new_from and o.kind = m.kind
            and coalesce(o.to_profile_id::text, o.account_name) = coalesce(m.new_to::text, m.account_name)
            and o.id not in (select id from moved)) as taken
      from moved m)
    delete from relationships r using ranked k
    where r.id = k.id and (k.copy > 1 or k.taken or k.new_to = k.new_from)`);
  await tx.execute(sql`with ${moved}
    update relationships r set from_profile_id = m.new_from, to_profile_id = m.new_to
    from moved m where r.id = m.id`);
}
