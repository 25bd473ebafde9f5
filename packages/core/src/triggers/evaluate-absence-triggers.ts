// Absence conditions ("no Order Completed in 30 days"), evaluated on a schedule by the delivery runner (decision
// 2201): each enabled absence trigger fires once for each person whose latest such event is older than its days and
// for whom it has not fired since that event. The firings go through the same outbox insert as event triggers
// (consent and cap decided there), in one transaction per trigger.
import { inTransaction, queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { firingOf, loadEnabledTriggers, writeFirings } from "./enqueue-triggered-actions";

/** Most firings one trigger writes per evaluation; the rest come at the next one. */
const PER_RUN = 5000;

export async function evaluateAbsenceTriggers(db: Database): Promise<{ fired: number }> {
  const triggers = await loadEnabledTriggers(db, "absence");
  let fired = 0;
  for (const t of triggers) {
    const condition = t.definition.condition;
    if (condition.kind !== "absence") continue;
    fired += await inTransaction(db, async (tx) => {
      // One evaluation of a trigger at a time (the portal and the worker may both run the schedule).
      const [locked] = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(hashtext(${`c360-absence:${t.id}`})) as ok`,
      );
      if (!locked?.ok) return 0;
      const lapsed = await queryRows<{ profile_id: string; last_at: string }>(
        tx,
        sql`select i.profile_id, max(i.occurred_at) as last_at
            from interactions i
            where i.event = ${condition.event} and i.profile_id is not null
              and (i.message_type is null or i.message_type in ('track', 'page', 'screen'))
            group by i.profile_id
            having max(i.occurred_at) < now() - make_interval(days => ${condition.days})
              and not exists (select 1 from trigger_deliveries d
                where d.trigger_id = ${t.id}::uuid and d.profile_id = i.profile_id and d.created_at > max(i.occurred_at))
            order by 2 limit ${PER_RUN}`,
      );
      return writeFirings(
        tx,
        null,
        lapsed.map((r, n) =>
          firingOf(n, t, r.profile_id, null, {
            absence: {
              event: condition.event,
              days: condition.days,
              lastEventAt: new Date(r.last_at).toISOString(),
            },
          }),
        ),
      );
    });
  }
  return { fired };
}
