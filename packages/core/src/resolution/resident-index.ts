// The resident index of real-time resolution (decision 0004): every resolved, active record's standardized fields,
// blocking keys and profile, held in memory by the process that resolves arrivals, so finding and scoring an
// arrival's candidates costs microseconds instead of a database round trip per candidate. PostgreSQL stays the
// system of record: the index is loaded from it, and kept current by the record change feed (record_changes, fed
// by a trigger on source_records), which it reads by transaction id so no writer's change is missed, whatever
// order transactions commit in.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { RecordStore, type MatchModel, type StandardRecord } from "@c360/matching";
import { BlockIndex, SeenPositions, type BlockingRule } from "@c360/matching/block";
import type { Calibration } from "@c360/matching/decide/review-band";
import { PairScorer } from "@c360/matching/model/scorer";
import { UuidRecordIds } from "@c360/matching/record-ids";
import { sql, type SQL } from "drizzle-orm";
import { toStoreRecord } from "./load-active-records";
import { pgTextArray } from "./pg-array";

/**
 * A blocking key shared by more stored records than this is a common value (a frequent first name, a big city):
 * the batch run skips such blocks, and so does the real-time path, instead of scoring an arbitrary slice of them.
 */
export const maxRealtimeBlockSize = 200;

/** Block changes between two updates of the pair bounds' limits (updateBlockLimits). */
const limitsEvery = 10_000;
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

/**
 * The batch engine's pair bounds (generateCandidatePairs) applied to an index of `records` records, as the largest
 * block each rule's candidates may come from (0: the rule is skipped), so an arrival meets the candidates a full
 * run of as many records would compare. Each rule may give max(50,000, 5 x records) pairs and all rules together
 * max(200,000, 10 x records), earlier rules first. A rule over its bound is skipped when it says so (the loose
 * single-field rules: a birth date alone is 40 strangers at a million records), else its largest blocks go first.
 * `blockSizes[r][n]` is how many of rule r's blocks hold n records (the last slot: blocks above
 * maxRealtimeBlockSize, never used). Without these bounds an arrival at a million records met 88 candidates, four
 * times what a full run compares, and deciding took 0.30 ms instead of 0.07.
 */
export function blockLimitsFor(
  rules: readonly Pick<BlockingRule, "ifTooLarge">[],
  blockSizes: readonly Int32Array[],
  records: number,
): Int32Array {
  const limits = new Int32Array(rules.length);
  const perRule = Math.max(50_000, 5 * records);
  let remaining = Math.max(200_000, 10 * records);
  rules.forEach((rule, r) => {
    const sizes = blockSizes[r]!;
    const bound = Math.max(0, Math.min(perRule, remaining));
    let pairs = 0;
    for (let size = 2; size <= maxRealtimeBlockSize; size++) pairs += (sizes[size]! * size * (size - 1)) / 2;
    if (pairs <= bound) {
      limits[r] = maxRealtimeBlockSize;
      remaining -= pairs;
      return;
    }
    if (rule.ifTooLarge === "skip") return;
    let kept = 0;
    let limit = 1;
    for (let size = 2; size <= maxRealtimeBlockSize; size++) {
      const more = (sizes[size]! * size * (size - 1)) / 2;
      if (kept + more > bound) break;
      kept += more;
      limit = size;
    }
    limits[r] = limit;
    remaining -= kept;
  });
  return limits;
}

/**
 * Everything the index holds per record is in typed arrays or interned: record ids and profile ids as 128-bit
 * numbers, blocks as linked lists of positions (BlockIndex), a profile per position as a number. A million records
 * held as strings, Maps and small arrays were ~10 million objects on the JavaScript heap, and the collector's
 * pauses over them were the real-time tail (decision 0004).
 */
export class ResidentIndex {
  readonly store = new RecordStore({ ids: new UuidRecordIds() });
  /** Scores with the model and what stewards' answers taught it (useCalibration), as the full run scores. */
  scorer: PairScorer;
  /**
   * Blocks of placed records, with per rule how many blocks hold each number of records (the last slot counts
   * every block above maxRealtimeBlockSize): the pairs a rule would give a batch run of this many records.
   */
  private readonly blocks: BlockIndex;
  /** Profile ids, numbered (a table of the same kind as the store's record ids; never released). */
  private readonly profiles = new UuidRecordIds();
  /** Profile number of each position; -1 for a position being decided or retired. */
  private profileNumbers = new Int32Array(1024).fill(-1);
  /**
   * Members of each profile as doubly linked lists of positions (first member per profile number, next and previous
   * per position, -1 at the ends) with their count: an arrival is checked against every member of the profile it
   * would join (the chaining guard, mayJoinClusters), not only the candidates its blocks found.
   */
  private firstMember = new Int32Array(1024).fill(-1);
  private memberCounts = new Int32Array(1024);
  private nextMember = new Int32Array(1024).fill(-1);
  private previousMember = new Int32Array(1024).fill(-1);
  /** Profiles with at least one member. */
  private profilesHeld = 0;
  /** Live records per source name: the same-source check applies only to data from two sources or more. */
  private readonly recordsPerSource = new Map<string, number>();
  /** Per rule, the largest block candidates are taken from (0: the rule is skipped); see blockLimitsFor. */
  private readonly blockLimits: Int32Array;
  /** blocks.changes when the limits were last computed. */
  private changesAtLimits = 0;
  /** So candidatesOf takes each record once. */
  private readonly seen = new SeenPositions();
  /** Records held (positions minus retired ones). */
  private live = 0;
  /** The oldest transaction that was still running at the last read: changes at or above it are read again. */
  private watermark = "0";
  /** Transactions of this index's own writes, already applied in memory: their feed rows are skipped. */
  private readonly ownXids = new Set<string>();
  private caughtUpAt = 0;
  private static lastPrunedAt = 0;

  private constructor(
    readonly modelId: string,
    readonly model: MatchModel,
  ) {
    this.scorer = new PairScorer(model, this.store);
    this.blocks = new BlockIndex(model.blockingRules, this.store, { countSizesUpTo: maxRealtimeBlockSize });
    this.blockLimits = new Int32Array(model.blockingRules.length).fill(maxRealtimeBlockSize);
  }

  /**
   * Loads every active record that has a profile. The watermark is taken before the first page is read: a change
   * committed while the pages are read is read again at the first catch-up, so nothing is missed.
   */
  static async load(db: Database, modelId: string, model: MatchModel): Promise<ResidentIndex> {
    const index = new ResidentIndex(modelId, model);
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
      for (const row of rows) index.put(row.id, row.source_name, row.standardized, row.profile_id!);
      if (rows.length < loadPageSize) break;
      after = rows[rows.length - 1]!.id;
    }
    index.warm();
    index.updateBlockLimits();
    index.caughtUpAt = Date.now();
    return index;
  }

  /** Scores from now on with the model calibrated on stewards' answers (level shifts included), as the full run. */
  useCalibration(calibration: Calibration): void {
    this.scorer = new PairScorer({ ...this.model, calibration }, this.store);
  }

  /** An empty index of no database (tests and tools put records in it themselves); `load` is the server's way. */
  static empty(modelId: string, model: MatchModel): ResidentIndex {
    return new ResidentIndex(modelId, model);
  }

  get size(): number {
    return this.live;
  }

  /** Positions held by retired records: past the live count, the index is better loaded again. */
  get retired(): number {
    return this.store.size - this.live;
  }

  /** Derived per-value attributes (phonetic codes, key transforms) computed ahead of lookups. */
  warm(): void {
    for (const column of Object.values(this.store.columns)) column.warmDerived();
  }

  has(recordId: string): boolean {
    return this.store.positionOf(recordId) !== undefined;
  }

  profileOfRecord(recordId: string): string | null {
    const position = this.store.positionOf(recordId);
    return position === undefined ? null : this.profileAt(position);
  }

  /** The profile of a placed record; null for one being decided or retired. */
  profileAt(position: number): string | null {
    const number = this.profileNumbers[position] ?? -1;
    return number < 0 ? null : this.profiles.idAt(number);
  }

  /** The profile of a placed record as a number (-1: none): equal numbers, same profile. */
  profileNumberAt(position: number): number {
    return this.profileNumbers[position] ?? -1;
  }

  /** Adds (or replaces) a record with its profile, in its blocks. */
  put(
    recordId: string,
    sourceName: string,
    standardized: Partial<StandardRecord>,
    profileId: string,
  ): number {
    const position = this.stage(recordId, sourceName, standardized);
    this.place(position, profileId);
    return position;
  }

  /**
   * Adds a record to the store without putting it in any block: an arrival being decided is scored against the
   * blocks, then placed with the profile it was given. Replaces the record's earlier version if it was held.
   */
  stage(recordId: string, sourceName: string, standardized: Partial<StandardRecord>): number {
    // The earlier version leaves its blocks and gives up its id first, and its values only once the new version
    // holds its own: values both versions hold are never released in between, and keep their ids.
    const earlier = this.store.positionOf(recordId);
    if (earlier !== undefined) {
      this.blocks.remove(earlier);
      this.boundsChanged();
      this.store.releaseId(earlier);
    }
    const position = this.store.add(toStoreRecord(recordId, sourceName, standardized));
    if (earlier !== undefined) this.retirePosition(earlier);
    if (position >= this.profileNumbers.length) {
      this.profileNumbers = grownTo(this.profileNumbers, position, -1);
      this.nextMember = grownTo(this.nextMember, position, -1);
      this.previousMember = grownTo(this.previousMember, position, -1);
    }
    this.profileNumbers[position] = -1;
    const source = this.store.sources[position];
    if (source) this.recordsPerSource.set(source, (this.recordsPerSource.get(source) ?? 0) + 1);
    this.live++;
    return position;
  }

  /** Puts a staged record in its blocks, as a member of the profile. */
  place(position: number, profileId: string): void {
    const number = this.profiles.positionOf(profileId) ?? this.profiles.add(profileId);
    this.profileNumbers[position] = number;
    if (number >= this.firstMember.length) {
      this.firstMember = grownTo(this.firstMember, number, -1);
      this.memberCounts = grownTo(this.memberCounts, number, 0);
    }
    const first = this.firstMember[number]!;
    this.nextMember[position] = first;
    this.previousMember[position] = -1;
    if (first !== -1) this.previousMember[first] = position;
    this.firstMember[number] = position;
    if (this.memberCounts[number]!++ === 0) this.profilesHeld++;
    this.blocks.add(position);
    this.boundsChanged();
  }

  /** Takes a placed position out of its profile's member list. */
  private leaveProfile(position: number): void {
    const number = this.profileNumbers[position]!;
    if (number < 0) return;
    const next = this.nextMember[position]!;
    const previous = this.previousMember[position]!;
    if (previous === -1) this.firstMember[number] = next;
    else this.nextMember[previous] = next;
    if (next !== -1) this.previousMember[next] = previous;
    this.nextMember[position] = -1;
    this.previousMember[position] = -1;
    if (--this.memberCounts[number]! === 0) this.profilesHeld--;
    this.profileNumbers[position] = -1;
  }

  /** The number of a profile the index has seen (-1: none). */
  profileNumberOf(profileId: string): number {
    return this.profiles.positionOf(profileId) ?? -1;
  }

  /** Profiles holding at least one placed record. */
  get profileCount(): number {
    return this.profilesHeld;
  }

  /** How many placed records the profile (by number) holds. */
  memberCountOf(profileNumber: number): number {
    return profileNumber < 0 || profileNumber >= this.memberCounts.length
      ? 0
      : this.memberCounts[profileNumber]!;
  }

  /** Positions of the placed records of a profile (by number), most recently placed first. */
  membersOf(profileNumber: number): number[] {
    const members: number[] = [];
    if (profileNumber < 0 || profileNumber >= this.firstMember.length) return members;
    for (let p = this.firstMember[profileNumber]!; p !== -1; p = this.nextMember[p]!) members.push(p);
    return members;
  }

  /** True when the records held come from two sources or more (the same-source check applies). */
  get hasSeveralSources(): boolean {
    let sources = 0;
    for (const count of this.recordsPerSource.values()) if (count > 0 && ++sources > 1) return true;
    return false;
  }

  private boundsChanged(): void {
    if (this.blocks.changes - this.changesAtLimits >= limitsEvery) this.updateBlockLimits();
  }

  /** Recomputes the per-rule block limits for the index's current size (blockLimitsFor). */
  updateBlockLimits(): void {
    this.changesAtLimits = this.blocks.changes;
    this.blockLimits.set(blockLimitsFor(this.model.blockingRules, this.blocks.sizeCounts, this.live));
  }

  /** Takes a record out of its blocks and blanks its values (erasure leaves no copy here). */
  remove(recordId: string): void {
    const position = this.store.positionOf(recordId);
    if (position === undefined) return;
    this.blocks.remove(position);
    this.boundsChanged();
    this.retirePosition(position);
  }

  /** Blanks a position that left its blocks: its values (released when no record holds them) and its profile. */
  private retirePosition(position: number): void {
    this.leaveProfile(position);
    const source = this.store.sources[position];
    if (source) this.recordsPerSource.set(source, (this.recordsPerSource.get(source) ?? 1) - 1);
    this.store.retire(position);
    this.live--;
  }

  /**
   * Stored candidates of a staged record: every placed record sharing one of its blocking keys, each once, in
   * rule order. A block of more than maxRealtimeBlockSize records is a common value and is left out, and so are
   * blocks the batch engine's pair bounds leave out at this size (updateBlockLimits).
   */
  candidatesOf(position: number): number[] {
    const found: number[] = [];
    const seen = this.seen;
    seen.begin(this.store.size);
    const blocks = this.blocks;
    for (let rule = 0; rule < blocks.ruleCount; rule++) {
      const limit = this.blockLimits[rule]!;
      if (limit === 0) continue;
      const block = blocks.blockOf(rule, position);
      if (block < 0 || blocks.blockSize(rule, block) > limit) continue;
      for (let other = blocks.first(rule, block); other !== -1; other = blocks.after(rule, other)) {
        if (other !== position && seen.firstSight(other)) found.push(other);
      }
    }
    return found;
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
        if (row) this.put(row.id, row.source_name, row.standardized, row.profile_id!);
        else this.remove(id);
      }
    }
    this.watermark = feedRow.feed_xmin;
    for (const xid of this.ownXids) if (BigInt(xid) < BigInt(this.watermark)) this.ownXids.delete(xid);
    this.caughtUpAt = Date.now();
    if (Date.now() - ResidentIndex.lastPrunedAt > pruneEveryMs) {
      ResidentIndex.lastPrunedAt = Date.now();
      // Rows of transactions still running are kept however old (their changed_at is when they were written).
      await db.execute(sql`delete from record_changes
        where changed_at < now() - make_interval(secs => ${feedRetentionMs / 1000})
          and xid < pg_snapshot_xmin(pg_current_snapshot())`);
    }
    return { changed: changed.length, reload: false };
  }
}

/** A copy of `array` long enough to hold index `at` (at least twice as long), new slots set to `fill`. */
function grownTo(array: Int32Array<ArrayBuffer>, at: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(array.length * 2, at + 1));
  if (fill !== 0) grown.fill(fill, array.length);
  grown.set(array);
  return grown;
}
