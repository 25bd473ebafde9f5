// The audit log's filters, shared by every reader of it (the admin page's latest entries, the governance audit page
// and its CSV export), so a filter means the same thing everywhere.
import { auditLog } from "@c360/db/schema";
import { eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";

export interface AuditFilter {
  /** Prefix of the dotted action: "privacy." matches every privacy action. */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Exact actor label (an email, "system", "source:crm"). */
  actor?: string;
  /** Part of the actor label, any case. */
  actorContains?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Anywhere in the action, the record, the actor or the details, any case. */
  text?: string;
  /** Entries older than this id (keyset paging). */
  before?: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

export function auditConditions(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(ilike(auditLog.action, `${escapeLike(filter.action)}%`));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actor) conditions.push(eq(auditLog.actorLabel, filter.actor));
  if (filter.actorContains)
    conditions.push(ilike(auditLog.actorLabel, `%${escapeLike(filter.actorContains)}%`));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  if (filter.text) {
    const pattern = `%${escapeLike(filter.text)}%`;
    conditions.push(
      or(
        ilike(auditLog.action, pattern),
        ilike(auditLog.actorLabel, pattern),
        ilike(auditLog.entityType, pattern),
        ilike(auditLog.entityId, pattern),
        sql`${auditLog.details}::text ilike ${pattern}`,
      )!,
    );
  }
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  return conditions;
}
