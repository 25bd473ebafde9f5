// Overrides follow identity: when profiles become one (a steward's merge, a full run retiring a profile), the
// survivor takes the overrides of the profiles it absorbs; where both override the same attribute, the most
// recently set one wins. The merge event's snapshot keeps the other, so an undo brings it back.
import type { Database } from "@c360/db/client";
import { sql } from "drizzle-orm";

/**
 * Moves the overrides of each `from` profile to its `to` profile, set-based (one statement per step, whatever the
 * number of pairs). Several profiles may move into the same survivor.
 */
export async function moveStewardOverrides(
  tx: Database,
  moves: readonly { from: string; to: string }[],
): Promise<void> {
  if (moves.length === 0) return;
  const pairs = JSON.stringify(
    moves.filter((m) => m.from !== m.to).map((m) => ({ from_id: m.from, to_id: m.to })),
  );
  // Each attribute of each survivor keeps the most recent override among its own and the absorbed profiles'.
  await tx.execute(sql`
    with moves as (select * from jsonb_to_recordset(${pairs}::jsonb) as m(from_id uuid, to_id uuid)),
    contenders as (
      select m.to_id as profile_id, o.attribute, o.value, o.note, o.origin, o.set_by_user_id, o.set_by, o.set_at
      from golden_overrides o join moves m on o.profile_id = m.from_id
    ),
    winners as (
      select distinct on (c.profile_id, c.attribute) c.* from contenders c
      left join golden_overrides kept on kept.profile_id = c.profile_id and kept.attribute = c.attribute
      where kept.profile_id is null or c.set_at > kept.set_at
      order by c.profile_id, c.attribute, c.set_at desc
    )
    insert into golden_overrides (profile_id, attribute, value, note, origin, set_by_user_id, set_by, set_at)
    select profile_id, attribute, value, note, origin, set_by_user_id, set_by, set_at from winners
    on conflict (profile_id, attribute) do update set value = excluded.value, note = excluded.note, origin = excluded.origin,
      set_by_user_id = excluded.set_by_user_id, set_by = excluded.set_by, set_at = excluded.set_at`);
  await tx.execute(sql`delete from golden_overrides o using jsonb_to_recordset(${pairs}::jsonb) as m(from_id uuid, to_id uuid)
    where o.profile_id = m.from_id`);
}
