// The resident index as real-time resolution keeps it over the database (decision 0004): the engine's in-memory
// index (@c360/matching/realtime/resident-index) loaded from PostgreSQL, the system of record, and kept current by
// the record change feed (record_changes, fed by a trigger on source_records), which it reads by transaction id so no
// writer's change is missed, whatever order transactions commit in. Rows become engine records here (toStoreRecord).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { MatchModel, StandardRecord } from "@c360/matching";
import { ResidentIndex } from "@c360/matching/realtime/resident-index";
import { sql, type SQL } from "drizzle-orm";
import { toStoreRecord } from "@c360/matching/store";
import { pgTextArray } from "@c360/db/bulk";

export { blockLimitsFor, maxRealtimeBlockSize } from "@c360/matching/realtime/resident-index";

/** Records read per query while loading, so a million records never sit in one result. */
const loadPageSize = 20_000;
/** Feed rows older than this are deleted; an index that has not caught up for half of it reloads instead. */
const feedRetentionMs = 60 * 60 * 1000;
const staleAfterMs = feedRetentionMs / 2;
/** How often any index prunes the feed. */
const pruneEveryMs = 60 * 1000;

interface RecordRow extends Record<string, unknown> {
  id: string;
  source_name: string;
  standardized: Partial<StandardRecord>;
  profile_id: string | null;
}

/** The change feed as feedQuery's `feed` reads it. */
export interface FeedRow extends Record<string, unknown> {
  feed_xmin: string;
  feed_changed: string[] | null;
  feed_everything: boolean;
}

export interface CatchUpResult {
  /** Records re-read from the database because the feed named them. */
  changed: number;
  /** The feed said everything changed (a full run) or the index was too far behind: it must be loaded again. */
  reload: boolean;
}

export class StoredResidentIndex extends ResidentIndex {
  /** The oldest transaction that was still running at the last read: changes at or above it are read again. */
  private watermark = "0";
  /** Transactions of this index's own writes, already applied in memory: their feed rows are skipped. */
  private readonly ownXids = new Set<string>();
  private caughtUpAt = 0;
  private static lastPrunedAt = 0;

  private constructor(
    readonly modelId: string,
    model: MatchModel,
  ) {
    super(model);
  }

  /**
   * Loads every active record that has a profile. The watermark is taken before the first page is read: a change
   * committed while the pages are read is read again at the first catch-up, so nothing is missed.
   */
  static async load(db: Database, modelId: string, model: MatchModel): Promise<StoredResidentIndex> {
    const index = new StoredResidentIndex(modelId, model);
    const [mark] = await queryRows<{ xmin: string }>(
      db,
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
    );
    index.watermark = mark!.xmin;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await queryRows<RecordRow>(
        db,
        sql`select s.id, src.name as source_name, s.standardized, s.profile_id
            from source_records s join sources src on src.id = s.source_id
            where s.status = 'active' and s.profile_id is not null and s.id > ${after}::uuid
            order by s.id limit ${loadPageSize}`,
      );
      for (const row of rows) index.putRow(row.id, row.source_name, row.standardized, row.profile_id!);
      if (rows.length < loadPageSize) break;
      after = rows[rows.length - 1]!.id;
    }
    index.finishLoading();
    index.caughtUpAt = Date.now();
    return index;
  }

  /** A stored row as the engine's record, with its profile. */
  putRow(
    recordId: string,
    sourceName: string,
    standardized: Partial<StandardRecord>,
    profileId: string,
  ): number {
    return this.put(toStoreRecord(recordId, sourceName, standardized), profileId);
  }

  /** A transaction of this index's own, committed with its changes applied here: the feed need not repeat them. */
  noteOwnTransaction(xid: string): void {
    this.ownXids.add(xid);
  }

  /**
   * Applies what other writers changed since the last read: steward merges and splits, erasures, another
   * process's arrivals, re-imported records. Each changed record's current row is read again, so applying a change
   * twice does no harm. With `reload` the caller must load the index again.
   */
  async catchUp(db: Database): Promise<CatchUpResult> {
    const query = this.feedQuery();
    if (!query) return { changed: 0, reload: true };
    // One statement, so the watermark and the changes come from the same snapshot.
    const [feed] = await queryRows<FeedRow>(db, sql`with ${query} select * from feed`);
    return this.applyFeed(db, feed!);
  }

  /**
   * The change feed since the last read, as the common table expressions `changes` and `feed` (one row: the new
   * watermark, the changed records, whether everything changed), for a statement of the caller's to include (the
   * real-time lane reads it with its arrivals, in one round trip). Null when the index is too far behind to catch
   * up: it must be loaded again.
   */
  feedQuery(): SQL | null {
    if (Date.now() - this.caughtUpAt > staleAfterMs) return null;
    const own = [...this.ownXids];
    return sql`changes as (
          select record_id from record_changes
          where xid >= ${this.watermark}::xid8 and xid <> all(${pgTextArray(own)}::xid8[])),
        feed as (
          select pg_snapshot_xmin(pg_current_snapshot())::text as feed_xmin,
                 (select array_agg(distinct record_id) from changes where record_id is not null)::text[] as feed_changed,
                 exists (select 1 from changes where record_id is null) as feed_everything)`;
  }

  /** Applies a feed read with feedQuery: re-reads the changed records and moves the watermark. */
  async applyFeed(db: Database, feedRow: FeedRow): Promise<CatchUpResult> {
    if (feedRow.feed_everything) return { changed: 0, reload: true };
    const changed = feedRow.feed_changed ?? [];
    if (changed.length > 0) {
      const rows = await queryRows<RecordRow>(
        db,
        sql`select s.id, src.name as source_name, s.standardized, s.profile_id
            from source_records s join sources src on src.id = s.source_id
            where s.id = any(${pgTextArray(changed)}::uuid[]) and s.status = 'active' and s.profile_id is not null`,
      );
      const current = new Map(rows.map((row) => [row.id, row]));
      for (const id of changed) {
        const row = current.get(id);
        if (row) this.putRow(row.id, row.source_name, row.standardized, row.profile_id!);
        else this.remove(id);
      }
    }
    this.watermark = feedRow.feed_xmin;
    for (const xid of this.ownXids) if (BigInt(xid) < BigInt(this.watermark)) this.ownXids.delete(xid);
    this.caughtUpAt = Date.now();
    if (Date.now() - StoredResidentIndex.lastPrunedAt > pruneEveryMs) {
      StoredResidentIndex.lastPrunedAt = Date.now();
      // Rows of transactions still running are kept however old (their changed_at is when they were written).
      await db.execute(sql`delete from record_changes
        where changed_at < now() - make_interval(secs => ${feedRetentionMs / 1000})
          and xid < pg_snapshot_xmin(pg_current_snapshot())`);
    }
    return { changed: changed.length, reload: false };
  }
}
