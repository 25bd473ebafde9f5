// The governance audit page: who did what to which record, filtered, one page at a time, and as a CSV file.
import type { Database } from "@c360/db/client";
import { auditLog } from "@c360/db/schema";
import { and, count, desc } from "drizzle-orm";
import { z } from "zod";
import { auditConditions, type AuditFilter } from "./audit-filters";
import { writeCsv } from "../csv/write-csv";
import { parseInput } from "../parse-input";

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

const auditFilterInput = z
  .object({
    actor: optional(320),
    action: optional(100),
    entityType: optional(100),
    entityId: optional(200),
    from: z.coerce.date({ error: "from must be a date" }).optional(),
    to: z.coerce.date({ error: "to must be a date" }).optional(),
    text: optional(200),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, {
    message: "The date range ends before it starts.",
    path: ["to"],
  });

export const searchAuditLogInput = auditFilterInput.and(
  z.object({
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  }),
);
export type SearchAuditLogInput = z.input<typeof searchAuditLogInput>;
export const exportAuditLogInput = auditFilterInput;

/** The most rows one CSV export carries; narrow the filter for more. */
export const AUDIT_CSV_MAX_ROWS = 50_000;

function filterOf(input: z.output<typeof auditFilterInput>): AuditFilter {
  return {
    actorContains: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    from: input.from,
    to: input.to,
    text: input.text,
  };
}

export async function searchAuditLog(db: Database, rawInput: SearchAuditLogInput = {}) {
  const input = parseInput(searchAuditLogInput, rawInput);
  const conditions = auditConditions(filterOf(input));
  const where = conditions.length ? and(...conditions) : undefined;
  const [entries, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { entries, total: Number(total?.n ?? 0), page: input.page, pageSize: input.pageSize };
}

export async function exportAuditLogCsv(db: Database, rawInput: z.input<typeof exportAuditLogInput> = {}) {
  const input = parseInput(exportAuditLogInput, rawInput);
  const conditions = auditConditions(filterOf(input));
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_CSV_MAX_ROWS);
  const header = [
    { name: "id", kind: "numeric" as const },
    "at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "details",
  ];
  const content = writeCsv(
    header,
    rows.map((row) => [
      row.id,
      row.at,
      row.actorLabel,
      row.action,
      row.entityType,
      row.entityId,
      row.details,
    ]),
  );
  return {
    fileName: `c360-audit-${new Date().toISOString().slice(0, 10)}.csv`,
    contentType: "text/csv",
    content,
    rows: rows.length,
    truncated: rows.length === AUDIT_CSV_MAX_ROWS,
  };
}
