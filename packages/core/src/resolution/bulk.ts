// Bulk writes that run the same on PGlite and PostgreSQL: rows travel as one JSON parameter per chunk and
// are unpacked server-side with jsonb_to_recordset, instead of thousands of bind parameters.
import type { Database } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";

export const bulkChunkSize = 5000;

export async function forEachChunk<T>(
  rows: readonly T[],
  work: (chunk: T[]) => Promise<void>,
  size = bulkChunkSize,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await work(rows.slice(start, start + size));
}

/** `jsonb_to_recordset($json) as alias(columns)` for use in insert/update statements. */
export function recordset(rows: readonly object[], alias: string, columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(alias)}(${sql.raw(columns)})`;
}

export async function executeChunked<T extends object>(
  db: Database,
  rows: readonly T[],
  statement: (set: SQL) => SQL,
  alias: string,
  columns: string,
) {
  await forEachChunk(rows, async (chunk) => {
    await db.execute(statement(recordset(chunk, alias, columns)));
  });
}
