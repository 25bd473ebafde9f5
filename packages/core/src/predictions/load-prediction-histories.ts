// Reads what the prediction package needs, point in time: every active profile, its activity events and its
// marketing consent changes up to the as-of instant, in chunks of profiles (never the whole table at once).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { pgTextArray } from "@c360/db/bulk";
import type { ConsentChange, PredictEvent, ProfileHistory } from "@c360/predict";
import { sql } from "drizzle-orm";

interface EventRow extends Record<string, unknown> {
  profile_id: string;
  at: number | string;
  channel: string;
  type: string;
  amount: string | number | null;
  skus: string[] | null;
}

interface ConsentRow extends Record<string, unknown> {
  profile_id: string;
  at: number | string;
  granted: boolean;
}

export const HISTORY_CHUNK = 2000;

/**
 * Calls `each` with the histories of active profiles, `HISTORY_CHUNK` at a time, in profile id order. Only rows at
 * or before `asOf` are read: the events (activity only: identify, alias and group messages are not), the products
 * of orders (`properties.products[].sku`, else `product_id` or `name`; else `properties.sku` or `properties.product`),
 * and marketing consent (any `marketing.*` purpose) as given or not.
 */
export async function forEachPredictionHistoryChunk(
  db: Database,
  asOf: Date,
  each: (histories: ProfileHistory[]) => void | Promise<void>,
): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let total = 0;
  for (;;) {
    const ids = (
      await queryRows<{ id: string }>(
        db,
        sql`select id from profiles where status = 'active' and id > ${after}::uuid order by id limit ${HISTORY_CHUNK}`,
      )
    ).map((r) => r.id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const idArray = sql`${pgTextArray(ids)}::uuid[]`;
    const events = await queryRows<EventRow>(
      db,
      sql`select i.profile_id, (extract(epoch from i.occurred_at) * 1000)::float8 as at, i.channel::text as channel,
            coalesce(i.event, i.type) as type, i.amount::float8 as amount,
            case when i.channel = 'purchase' or i.amount > 0 then coalesce(
              (select array_agg(coalesce(p->>'sku', p->>'product_id', p->>'name'))
                 from jsonb_array_elements(case when jsonb_typeof(i.properties->'products') = 'array'
                                                then i.properties->'products' else '[]'::jsonb end) p
                where jsonb_typeof(p) = 'object' and coalesce(p->>'sku', p->>'product_id', p->>'name') is not null),
              case when jsonb_typeof(i.properties->'sku') = 'string' then array[i.properties->>'sku']
                   when jsonb_typeof(i.properties->'product') = 'string' then array[i.properties->>'product'] end)
            end as skus
          from interactions i
          where i.profile_id = any(${idArray}) and i.occurred_at <= ${asOf.toISOString()}::timestamptz
            and (i.message_type is null or i.message_type in ('track', 'page', 'screen'))`,
    );
    const consent = await queryRows<ConsentRow>(
      db,
      sql`select e.profile_id, (extract(epoch from e.effective_at) * 1000)::float8 as at, e.status = 'given' as granted
          from consent_events e join consent_purposes p on p.id = e.purpose_id
          where e.profile_id = any(${idArray}) and p.key like 'marketing.%'
            and e.effective_at <= ${asOf.toISOString()}::timestamptz`,
    );
    const byProfile = new Map<string, { events: PredictEvent[]; consent: ConsentChange[] }>(
      ids.map((id) => [id, { events: [], consent: [] }]),
    );
    for (const row of events) {
      byProfile.get(row.profile_id)?.events.push({
        at: Number(row.at),
        channel: row.channel,
        type: row.type,
        amount: row.amount === null ? null : Number(row.amount),
        ...(row.skus && row.skus.length > 0 ? { skus: row.skus } : {}),
      });
    }
    for (const row of consent)
      byProfile.get(row.profile_id)?.consent.push({ at: Number(row.at), granted: row.granted });
    await each(ids.map((id) => ({ profileId: id, ...byProfile.get(id)! })));
    total += ids.length;
  }
  return total;
}
