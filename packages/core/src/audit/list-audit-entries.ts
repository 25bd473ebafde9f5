// Reads the audit log, newest first, filtered by action, entity or actor.
import type { Database } from "@c360/db/client";
import { auditLog } from "@c360/db/schema";
import { and, desc } from "drizzle-orm";
import { z } from "zod";
import { auditConditions } from "./audit-filters";
import { parseInput } from "../parse-input";

export const listAuditEntriesInput = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(200).optional(),
  actor: z.string().trim().max(320).optional(),
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListAuditEntriesInput = z.input<typeof listAuditEntriesInput>;

export async function listAuditEntries(db: Database, input: ListAuditEntriesInput = {}) {
  const filter = parseInput(listAuditEntriesInput, input);
  const conditions = auditConditions(filter);
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
