// Appends one entry to the audit log. Details must not hold personal data: they outlive erasure.
import type { Database } from "@c360/db/client";
import { auditLog } from "@c360/db/schema";
import type { Actor } from "../actor";

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    details: entry.details ?? {},
  });
}
