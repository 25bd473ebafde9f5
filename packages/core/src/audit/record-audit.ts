// Appends entries to the audit log. Details must not hold personal data: they outlive erasure.
import type { Database } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../actor";

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/**
 * The insert of one or more audit entries as a statement of its own, so a writer that sends its changes as one
 * statement (data-modifying CTEs) can audit in that statement too.
 */
export function auditInsertStatement(entries: readonly { actor: Actor; entry: AuditEntry }[]): SQL {
  const rows = entries.map(({ actor, entry }) => ({
    actor_user_id: actor.userId,
    actor_label: actor.label,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    details: entry.details ?? {},
  }));
  return sql`insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, details)
    select actor_user_id, actor_label, action, entity_type, entity_id, details
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(actor_user_id uuid, actor_label text, action text, entity_type text, entity_id text, details jsonb)`;
}

export async function recordAudit(db: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.execute(auditInsertStatement([{ actor, entry }]));
}
