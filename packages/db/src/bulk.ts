// SQL helpers for writes and reads in bulk that run the same on PGlite and PostgreSQL: an array as one bind
// parameter, and rows as one JSON parameter per chunk unpacked server-side by jsonb_to_recordset (instead of
// thousands of bind parameters).
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "./client";

/** A PostgreSQL array literal for one bind parameter (drizzle expands JS arrays into lists, which is not wanted). */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

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
