// Term frequencies of the whole database for the real-time path: a record scored against a handful of candidates
// must weigh "smith" as common and "zybrowski" as rare, as the batch run over all records does.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { MatchModel, RecordStore, StandardField } from "@c360/matching";
import { sql } from "drizzle-orm";

export interface TermFrequencies {
  /** field -> value -> how many active records hold it */
  counts: Map<StandardField, Map<string, number>>;
  /** field -> how many active records have any value */
  totals: Map<StandardField, number>;
}

export function termFrequencyFields(model: MatchModel): StandardField[] {
  return [...new Set(model.comparisons.filter((c) => c.spec.termFrequency).map((c) => c.spec.field as StandardField))];
}

/** Values held by fewer than two records are left out: unknown values count as rare, which is what they are. */
export async function loadTermFrequencies(db: Database, fields: readonly StandardField[]): Promise<TermFrequencies> {
  const counts = new Map<StandardField, Map<string, number>>();
  const totals = new Map<StandardField, number>();
  for (const field of fields) {
    const rows = await queryRows<{ value: string; n: number }>(
      db,
      sql`select standardized->>${field} as value, count(*)::int as n from source_records
          where status = 'active' and standardized->>${field} is not null group by 1 having count(*) > 1`,
    );
    const [total] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from source_records where status = 'active' and standardized->>${field} is not null`,
    );
    counts.set(field, new Map(rows.map((r) => [r.value, r.n])));
    totals.set(field, total?.n ?? 0);
  }
  return { counts, totals };
}

/** Replaces a small store's own counts with the database-wide ones before scoring. */
export function applyTermFrequencies(store: RecordStore, frequencies: TermFrequencies): void {
  for (const [field, values] of frequencies.counts) {
    const column = store.columns[field];
    column.dictionary.forEach((value, id) => {
      column.counts[id] = Math.max(values.get(value) ?? 1, column.counts[id] ?? 0);
    });
    column.nonNullCount = Math.max(frequencies.totals.get(field) ?? 0, column.nonNullCount);
  }
}
