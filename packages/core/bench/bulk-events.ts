// Synthetic Segment events for the portal bench (issue 19): rows of interactions shaped as the events path stores
// them (message type, event name, anonymous and user ids, how attributed or why not, properties), with the skew a
// real shop has: most customers send a handful of events, a few thousand active ones send thousands each, and a
// share of anonymous visitors never identify (unattributed). Loaded set-based, chunk by chunk.
import type { Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { createBenchUuidFunction } from "./bulk-profiles";

/** [message type, channel, timeline type, event name] */
const EVENT_SHAPES: [string, string, string, string | null][] = [
  ["page", "web", "page.view", "Home"],
  ["page", "web", "page.view", "Product"],
  ["page", "web", "page.view", "Category"],
  ["page", "web", "page.view", "Product"],
  ["track", "web", "Product Viewed", "Product Viewed"],
  ["track", "web", "Product Added", "Product Added"],
  ["track", "web", "Checkout Started", "Checkout Started"],
  ["track", "purchase", "Order Completed", "Order Completed"],
  ["track", "email", "Email Opened", "Email Opened"],
  ["screen", "web", "screen.view", "Cart"],
];

export const BENCH_EVENT_SOURCE = "bench-shop";

const rand = (salt: number) => sql.raw(`(hashint8(g::int8 * 104729 + ${salt}) & 2147483647)`);

export interface BulkEventsOptions {
  profiles: number;
  events: number;
  /** Profiles numbered 1..heavy get this share of the attributed events between them (the active customers). */
  heavyProfiles?: number;
  heavyShare?: number;
  /** Share of events from anonymous visitors who never identified: kept unattributed. */
  unattributedShare?: number;
  chunk?: number;
  onProgress?: (message: string) => void;
}

export async function loadBulkEvents(
  db: Database,
  options: BulkEventsOptions,
): Promise<{ sourceId: string }> {
  const chunk = options.chunk ?? 1_000_000;
  const heavy = Math.max(1, Math.min(options.profiles, options.heavyProfiles ?? 1000));
  const heavyShare = options.heavyShare ?? 0.3;
  const unattributed = options.unattributedShare ?? 0.1;
  await createBenchUuidFunction(db);
  await db.execute(sql`insert into sources (name, kind, description) values (${BENCH_EVENT_SOURCE}, 'ecommerce', 'Benchmark web shop sending Segment events (synthetic)')
    on conflict (name) do nothing`);
  const [{ id: sourceId }] = (await db.execute(
    sql`select id::text as id from sources where name = ${BENCH_EVENT_SOURCE}`,
  )) as unknown as [{ id: string }];
  const shapes = sql.raw(
    `(values ${EVENT_SHAPES.map(([m, c, t, e], i) => `(${i}, '${m}', '${c}', '${t}', ${e === null ? "null" : `'${e}'`})`).join(", ")}) as es(i, message_type, channel, type, event)`,
  );
  // Per event: a draw decides anonymous-only (unattributed), a heavy customer, or any customer; the profile number
  // follows; the record is the profile's first (userId = its external id, as the shop knows the customer).
  for (let from = 1; from <= options.events; from += chunk) {
    const to = Math.min(options.events, from + chunk - 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`insert into interactions (profile_id, source_record_id, source_id, external_id, channel, type, occurred_at, amount, currency,
          properties, message_type, event, anonymous_id, user_id, sent_at, received_at, recorded_at, attributed_by, unattributed_reason)
        select case when x.anon then null else bench_uuid('p' || x.p) end,
          case when x.anon then null else bench_uuid('r' || x.p || '-1') end,
          ${sourceId}::uuid, 'evt-' || g, es.channel::interaction_channel, es.type,
          x.at,
          case when es.channel = 'purchase' then round((${rand(32)} % 50000) / 100.0, 2) end,
          case when es.channel = 'purchase' then 'USD' end,
          case when es.message_type = 'page' then jsonb_build_object('path', '/' || lower(es.event) || '/' || (${rand(33)} % 5000), 'referrer', 'https://search.example/')
               when es.channel = 'purchase' then jsonb_build_object('order_id', 'o-' || g, 'total', round((${rand(32)} % 50000) / 100.0, 2), 'currency', 'USD')
               else jsonb_build_object('product_id', 'sku-' || (${rand(34)} % 20000)) end,
          es.message_type::event_message_type, es.event,
          'anon-' || md5('a' || case when x.anon then g % 500000 else x.p end),
          case when x.anon then null else 'crm-' || x.p end,
          x.at, x.at, x.at,
          case when x.anon then null else 'user_id'::event_attribution end,
          case when x.anon then 'unknown_anonymous_id'::event_unattributed_reason end
        from (select g,
                (${rand(40)} % 1000000) < ${Math.round(unattributed * 1_000_000)} as anon,
                case when (${rand(41)} % 1000000) < ${Math.round(heavyShare * 1_000_000)} then 1 + ${rand(42)} % ${heavy} else 1 + ${rand(43)} % ${options.profiles} end as p,
                ${rand(44)} % ${EVENT_SHAPES.length} as s,
                now() - (${rand(45)} % (730 * 86400)) * interval '1 second' as at
              from generate_series(${from}::bigint, ${to}::bigint) g) x
        join ${shapes} on es.i = x.s`);
    });
    options.onProgress?.(`events ${to}/${options.events}`);
  }
  return { sourceId };
}
