// Golden values after real-time resolution (decision 0004). An arrival's transaction commits the membership
// decision and queues the touched profiles; their golden values are recomputed in transactions of their own, many
// profiles at a time, so the decision's latency does not carry survivorship and a profile touched by several
// arrivals in a moment is recomputed once. The queue is a table: a crash between the two leaves the rows for the
// next refresh (the same process, another one, or the worker's sweep) to finish.
import type { Database } from "@c360/db/client";
import { pipelinedTransaction } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import { goldenWriteStatement, PROFILES_PER_CHUNK } from "../profiles/refresh-golden-attributes";
import { derivedDataCommit } from "./derived-commit";
import { pgTextArray } from "@c360/db/bulk";

/** Queued rows taken per transaction: short, so a steward's action on one of the profiles waits little. */
export const goldenRefreshBatch = 100;

/**
 * The statement that queues profiles for a golden refresh, to run in the transaction that changed their members
 * (on its own, or as one part of a larger statement). Null when there is nothing to queue.
 */
export function queueGoldenRefreshStatement(profileIds: readonly string[]): SQL | null {
  if (profileIds.length === 0) return null;
  return sql`insert into golden_refresh_queue (profile_id) select unnest(${pgTextArray([...new Set(profileIds)].sort())}::uuid[])`;
}

/**
 * Recomputes the profiles of up to `limit` queued rows, oldest first, in one transaction, deletes those rows and
 * returns how many rows it took. Rows another refresher holds are skipped. The profiles are locked as a steward
 * action locks them (in id order), so a steward's change and a refresh of the same profile cannot interleave;
 * arrivals are never blocked (they append rows, and their foreign-key lock does not conflict), and a row one of
 * them adds meanwhile is left for the next refresh, which will read its member.
 * Three round trips on PostgreSQL: the rows taken with BEGIN, the members and overrides read together, the golden
 * write with COMMIT.
 */
export async function refreshQueuedGolden(db: Database, limit = goldenRefreshBatch): Promise<number> {
  const take = Math.min(limit, PROFILES_PER_CHUNK);
  return pipelinedTransaction(
    db,
    // The rows taken and their profiles locked, in one statement.
    [
      derivedDataCommit,
      sql`with taken as (select id, profile_id from golden_refresh_queue order by id limit ${take} for update skip locked),
        locked as (select id from profiles where id in (select profile_id from taken) order by id for no key update)
        select taken.id::text, taken.profile_id from taken where (select count(*) from locked) >= 0`,
    ],
    async (tx, [, rows]) => {
      const taken = rows as { id: string; profile_id: string }[];
      if (taken.length === 0) return { result: 0 };
      const ids = [...new Set(taken.map((row) => row.profile_id))].sort();
      // The rows leave the queue, and open pages hear of the change, with the golden write itself.
      const write = await goldenWriteStatement(tx, ids, {
        statements: [
          sql`delete from golden_refresh_queue where id = any(${pgTextArray(taken.map((row) => row.id))}::bigint[])`,
        ],
        notify: true,
      });
      return { result: taken.length, closing: [write] };
    },
  );
}

/** Recomputes everything queued (the worker's sweep, and imports whose end must show finished profiles). */
export async function refreshAllQueuedGolden(db: Database): Promise<number> {
  let total = 0;
  for (let n = await refreshQueuedGolden(db); n > 0; n = await refreshQueuedGolden(db)) total += n;
  return total;
}
