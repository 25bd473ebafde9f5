// Customer health for the executive's briefing: how many golden profiles were active (any interaction) in the last
// 90 days, against the 90 days before, and how many have no activity on record at all. Counts only: no profile.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

export interface CustomerHealth {
  profiles: number;
  /** Active profiles with an interaction in the last 90 days. */
  activeLast90Days: number;
  /** Active profiles with an interaction 91 to 180 days ago: the same measure one quarter earlier. */
  activePrevious90Days: number;
  /** Active profiles with no interaction on record. */
  neverActive: number;
}

export async function getCustomerHealth(db: Database, now = new Date()): Promise<CustomerHealth> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select count(*)::int as profiles,
          count(*) filter (where exists (select 1 from interactions i where i.profile_id = p.id
            and i.occurred_at > ${now}::timestamptz - interval '90 days' and i.occurred_at <= ${now}::timestamptz))::int as active,
          count(*) filter (where exists (select 1 from interactions i where i.profile_id = p.id
            and i.occurred_at > ${now}::timestamptz - interval '180 days' and i.occurred_at <= ${now}::timestamptz - interval '90 days'))::int as previous,
          count(*) filter (where not exists (select 1 from interactions i where i.profile_id = p.id))::int as never
        from profiles p where p.status = 'active'`,
  );
  return {
    profiles: Number(row?.profiles ?? 0),
    activeLast90Days: Number(row?.active ?? 0),
    activePrevious90Days: Number(row?.previous ?? 0),
    neverActive: Number(row?.never ?? 0),
  };
}
