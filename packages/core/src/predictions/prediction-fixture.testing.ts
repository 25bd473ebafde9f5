// Test fixture: synthetic customers of @c360/predict written as profiles and interactions, orders as a shop sends
// them (products[].sku and the revenue), so tests of core and the CLI train on a realistic history.
import type { Database } from "@c360/db/client";
import { recordset } from "@c360/db/bulk";
import { synthesizeHistory, type ProfileHistory } from "@c360/predict";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";

export async function insertSyntheticCustomers(
  db: Database,
  count: number,
  end: number,
  seed = 5,
): Promise<{ ids: string[]; histories: ProfileHistory[] }> {
  const histories = Array.from({ length: count }, (_, i) => synthesizeHistory(i, end, seed));
  const ids = histories.map(() => randomUUID());
  const sourceId = randomUUID();
  await db.execute(
    sql`insert into profiles (id, display_name) select r.id, 'Customer' from ${recordset(
      ids.map((id) => ({ id })),
      "r",
      "id uuid",
    )}`,
  );
  const rows = histories.flatMap((h, p) =>
    h.events.map((e, n) => ({
      profile_id: ids[p],
      source_id: sourceId,
      external_id: `${p}:${n}`,
      channel: e.channel,
      type: e.type,
      occurred_at: new Date(e.at).toISOString(),
      amount: e.amount,
      currency: e.amount === null ? null : "USD",
      properties: e.skus ? { revenue: e.amount, products: e.skus.map((sku) => ({ sku, quantity: 1 })) } : {},
    })),
  );
  for (let start = 0; start < rows.length; start += 5000)
    await db.execute(
      sql`insert into interactions (profile_id, source_id, external_id, channel, type, occurred_at, amount, currency, properties, message_type, event)
          select r.profile_id, r.source_id, r.external_id, r.channel::interaction_channel, r.type, r.occurred_at, r.amount, r.currency, r.properties,
                 case when r.channel = 'web' then 'page' else 'track' end::event_message_type, r.type
          from ${recordset(
            rows.slice(start, start + 5000),
            "r",
            "profile_id uuid, source_id uuid, external_id text, channel text, type text, occurred_at timestamptz, amount numeric, currency text, properties jsonb",
          )}`,
    );
  return { ids, histories };
}
