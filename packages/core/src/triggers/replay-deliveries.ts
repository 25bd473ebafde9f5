// Replays dead letters (or failed-and-waiting deliveries) from the portal: each starts a new round with a fresh
// 24-hour window, keeping its delivery id, so a receiver that did get an earlier attempt can still tell. Audited.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { auditInsertStatement } from "../audit/record-audit";
import { parseInput } from "../parse-input";
import { DELIVERY_WINDOW_HOURS } from "./enqueue-triggered-actions";
import { replayDeliveriesInputSchema } from "./trigger-schemas";

export async function replayDeliveries(
  db: Database,
  actor: Actor,
  input: { deliveryIds: string[] },
): Promise<{ replayed: number }> {
  assertActorCan(actor, "activation:write");
  const { deliveryIds } = parseInput(replayDeliveriesInputSchema, input);
  const rows = await queryRows<{ id: string; trigger_id: string }>(
    db,
    sql`update trigger_deliveries set status = 'pending', round = round + 1, queued_at = null, job_id = null,
          next_attempt_at = null, deadline_at = now() + make_interval(hours => ${DELIVERY_WINDOW_HOURS})
        where id in (select jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::jsonb)::uuid)
          and status in ('dead', 'retrying')
        returning id, trigger_id`,
  );
  if (rows.length > 0)
    await db.execute(
      auditInsertStatement([
        {
          actor,
          entry: {
            action: "trigger.replay",
            entityType: "trigger",
            entityId: rows[0]!.trigger_id,
            details: { deliveries: rows.map((r) => r.id) },
          },
        },
      ]),
    );
  return { replayed: rows.length };
}
