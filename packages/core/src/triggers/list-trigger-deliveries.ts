// A trigger's delivery history (and, with status 'dead', its dead letters): ids, the person's profile id, state,
// attempts, the receiver's last answer and the latency. Payloads stay in the database: they can carry event
// properties, which the page has no need to show.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { notFound } from "../errors";
import { parseInput } from "../parse-input";
import { triggerDeliveriesInputSchema } from "./trigger-schemas";

export interface TriggerDeliveryRow {
  id: string;
  profileId: string;
  messageId: string | null;
  triggerVersion: number;
  status: string;
  skipReason: string | null;
  attempts: number;
  lastError: string | null;
  lastHttpStatus: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  latencyMs: number | null;
  createdAt: Date;
}

const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export async function listTriggerDeliveries(
  db: Database,
  actor: Actor,
  input: { key: string; status?: string; limit?: number },
): Promise<TriggerDeliveryRow[]> {
  assertActorCan(actor, "activation:write");
  const { key, status, limit } = parseInput(triggerDeliveriesInputSchema, input);
  const [trigger] = await queryRows<{ id: string }>(db, sql`select id from triggers where key = ${key}`);
  if (!trigger) throw notFound("Trigger", key);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, profile_id, message_id, trigger_version, status::text, skip_reason::text, attempts, last_error,
          last_http_status, next_attempt_at, delivered_at, latency_ms, created_at
        from trigger_deliveries
        where trigger_id = ${trigger.id}::uuid ${status ? sql`and status = ${status}::trigger_delivery_status` : sql``}
        order by created_at desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    profileId: String(r.profile_id),
    messageId: (r.message_id as string | null) ?? null,
    triggerVersion: Number(r.trigger_version),
    status: String(r.status),
    skipReason: (r.skip_reason as string | null) ?? null,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    lastHttpStatus: r.last_http_status === null ? null : Number(r.last_http_status),
    nextAttemptAt: dateOrNull(r.next_attempt_at),
    deliveredAt: dateOrNull(r.delivered_at),
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
    createdAt: new Date(r.created_at as string),
  }));
}
