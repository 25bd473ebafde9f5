// Records that were stored but never resolved: a process that died between committing an import chunk and
// resolving it (a new record without a profile, or a changed one whose new version was never decided), a decision
// lost with the PostgreSQL server (derived-commit.ts), or records stored while real-time resolution was switched off
// or no model existed yet. The worker sweeps them up, so every stored record ends in a profile without anyone
// re-sending it.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { awaitingDecision } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { loadActiveModel } from "./model-store";
import { resolveOnArrival, settleRealtimeResolution, type ArrivalDecision } from "./resolve-on-arrival";

export interface PendingResolution {
  /** Records found waiting for a decision. */
  pending: number;
  counts: Record<ArrivalDecision, number>;
  /** Set when nothing could be resolved (no model yet). */
  note?: string;
}

/** Resolves up to `limit` waiting active records, oldest first, in batches of `batchSize`. */
export async function resolvePendingRecords(
  db: Database,
  actor: Actor,
  options: { limit?: number; batchSize?: number } = {},
): Promise<PendingResolution> {
  const limit = options.limit ?? 10_000;
  const batchSize = options.batchSize ?? 250;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from source_records where ${awaitingDecision} order by first_seen_at, id limit ${limit}`,
  );
  const result: PendingResolution = {
    pending: rows.length,
    counts: { linked: 0, new_profile: 0, review: 0, unchanged: 0, unresolved: 0 },
  };
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = await resolveOnArrival(
      db,
      rows.slice(start, start + batchSize).map((r) => r.id),
      actor,
    );
    for (const [decision, n] of Object.entries(batch.counts)) result.counts[decision as ArrivalDecision] += n;
    if (batch.note) {
      result.note = batch.note;
      break;
    }
  }
  // Golden values queued by these arrivals, or left queued by a process that stopped before refreshing them.
  await settleRealtimeResolution(db);
  return result;
}

/**
 * Whether real-time resolution can run: "ready" with a trained model; "needs_full_run" when records are stored but
 * no model exists yet (nothing can be resolved on arrival before the first full run trains one); "empty" otherwise.
 */
export async function realtimeReadiness(db: Database): Promise<"ready" | "needs_full_run" | "empty"> {
  if (await loadActiveModel(db)) return "ready";
  const [stored] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from source_records where status = 'active') as any`,
  );
  return stored?.any ? "needs_full_run" : "empty";
}
