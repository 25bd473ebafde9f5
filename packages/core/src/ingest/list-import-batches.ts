// The recent import batches of a source, newest first, with their counts and first rejected rows.
import type { Database } from "@c360/db/client";
import { importBatches, sources } from "@c360/db/schema";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { sourceNameSchema } from "../sources/source-schemas";
import { parseInput } from "../parse-input";

export const listImportBatchesInput = z.object({
  name: sourceNameSchema,
  limit: z.number().int().min(1).max(100).default(10),
});
export type ListImportBatchesInput = z.input<typeof listImportBatchesInput>;

export async function listImportBatches(db: Database, input: ListImportBatchesInput) {
  const { name, limit } = parseInput(listImportBatchesInput, input);
  const rows = await db
    .select({
      id: importBatches.id,
      origin: importBatches.origin,
      fileName: importBatches.fileName,
      status: importBatches.status,
      rowsTotal: importBatches.rowsTotal,
      accepted: importBatches.rowsAccepted,
      unchanged: importBatches.rowsUnchanged,
      rejected: importBatches.rowsRejected,
      errors: importBatches.errors,
      startedAt: importBatches.startedAt,
      finishedAt: importBatches.finishedAt,
      actor: importBatches.actor,
    })
    .from(importBatches)
    .innerJoin(sources, eq(sources.id, importBatches.sourceId))
    .where(eq(sources.name, name))
    .orderBy(desc(importBatches.startedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, errors: [...row.errors].sort((a, b) => a.row - b.row) }));
}
