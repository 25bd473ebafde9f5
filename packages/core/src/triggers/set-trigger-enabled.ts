// Switches a trigger on or off: a new version like any other change, audited. Deliveries already in the outbox go
// on (they fired while the trigger was on); an off trigger fires no more.
import { inTransaction, queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { auditInsertStatement } from "../audit/record-audit";
import { notFound } from "../errors";
import { parseInput } from "../parse-input";
import { setTriggerEnabledInputSchema } from "./trigger-schemas";

export async function setTriggerEnabled(
  db: Database,
  actor: Actor,
  input: { key: string; enabled: boolean },
): Promise<{ key: string; version: number; enabled: boolean; changed: boolean }> {
  assertActorCan(actor, "activation:write");
  const { key, enabled } = parseInput(setTriggerEnabledInputSchema, input);
  return inTransaction(db, async (tx) => {
    const [current] = await queryRows<{ id: string; version: number; enabled: boolean }>(
      tx,
      sql`select id, version, enabled from triggers where key = ${key} for update`,
    );
    if (!current) throw notFound("Trigger", key);
    if (current.enabled === enabled)
      return { key, version: Number(current.version), enabled, changed: false };
    const [row] = await queryRows<{ version: number }>(
      tx,
      sql`update triggers set enabled = ${enabled}, version = version + 1, updated_by_id = ${actor.userId}::uuid, updated_at = now()
          where id = ${current.id}::uuid returning version`,
    );
    const version = Number(row!.version);
    await tx.execute(sql`insert into trigger_versions (trigger_id, version, definition, enabled, actor_label)
      select id, version, definition || jsonb_build_object('name', name), enabled, ${actor.label} from triggers where id = ${current.id}::uuid`);
    await tx.execute(
      auditInsertStatement([
        {
          actor,
          entry: {
            action: enabled ? "trigger.enable" : "trigger.disable",
            entityType: "trigger",
            entityId: current.id,
            details: { key, version },
          },
        },
      ]),
    );
    return { key, version, enabled, changed: true };
  });
}
