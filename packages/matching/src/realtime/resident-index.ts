// The resident index of real-time resolution (decision 0004): every resolved record's standardized fields,
// blocking keys and profile held in memory, so finding and scoring an arrival's candidates costs microseconds. Pure:
// no database and no clock. It takes engine records (StandardRecord with its id and source); where they come from
// and how the index is kept current with a store (core's change feed) is the caller's business.
import { BlockIndex, SeenPositions, type BlockingRule } from "../block";
import type { MatchModel } from "../model/model";
import type { Calibration } from "../decide/review-band";
import { PairScorer } from "../model/scorer";
import { StringRecordIds, UuidRecordIds, type RecordIds } from "../record-ids";
import type { StandardRecord } from "../standardize/record";
import { RecordStore } from "../store";

/**
 * A blocking key shared by more stored records than this is a common value (a frequent first name, a big city):
 * the batch run skips such blocks, and so does the real-time path, instead of scoring an arbitrary slice of them.
 */
export const maxRealtimeBlockSize = 200;

/** Block changes between two updates of the pair bounds' limits (updateBlockLimits). */
const limitsEvery = 10_000;
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
  readonly store: RecordStore;
  /** Scores with the model and what stewards' answers taught it (useCalibration), as the batch run scores. */
  scorer: PairScorer;
  /**
   * Blocks of placed records, with per rule how many blocks hold each number of records (the last slot counts
   * every block above maxRealtimeBlockSize): the pairs a rule would give a batch run of this many records.
   */
  private readonly blocks: BlockIndex;
  /** Profile ids, numbered (a table of the same kind as the store's record ids; never released). */
  private readonly profiles: RecordIds;
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

  /**
   * `ids: "uuid"` (the default: database ids) keeps record and profile ids as 128-bit numbers; "text" takes any
   * string (files, benchmarks).
   */
  constructor(
    readonly model: MatchModel,
    options: { ids?: "uuid" | "text" } = {},
  ) {
    const uuid = (options.ids ?? "uuid") === "uuid";
    this.store = new RecordStore({ ids: uuid ? new UuidRecordIds() : new StringRecordIds() });
    this.profiles = uuid ? new UuidRecordIds() : new StringRecordIds();
    this.scorer = new PairScorer(model, this.store);
    this.blocks = new BlockIndex(model.blockingRules, this.store, { countSizesUpTo: maxRealtimeBlockSize });
    this.blockLimits = new Int32Array(model.blockingRules.length).fill(maxRealtimeBlockSize);
  }

  /** Scores from now on with the model calibrated on stewards' answers (level shifts included), as the batch run. */
  useCalibration(calibration: Calibration): void {
    this.scorer = new PairScorer({ ...this.model, calibration }, this.store);
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

  /** After records were put in bulk (a load): derived attributes warmed, block limits for the size reached. */
  finishLoading(): void {
    this.warm();
    this.updateBlockLimits();
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
  put(record: StandardRecord, profileId: string): number {
    const position = this.stage(record);
    this.place(position, profileId);
    return position;
  }

  /**
   * Adds a record to the store without putting it in any block: an arrival being decided is scored against the
   * blocks, then placed with the profile it was given. Replaces the record's earlier version if it was held.
   */
  stage(record: StandardRecord): number {
    // The earlier version leaves its blocks and gives up its id first, and its values only once the new version
    // holds its own: values both versions hold are never released in between, and keep their ids.
    const earlier = this.store.positionOf(record.id);
    if (earlier !== undefined) {
      this.blocks.remove(earlier);
      this.boundsChanged();
      this.store.releaseId(earlier);
    }
    const position = this.store.add(record);
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

  protected boundsChanged(): void {
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
}

/** A copy of `array` long enough to hold index `at` (at least twice as long), new slots set to `fill`. */
function grownTo(array: Int32Array<ArrayBuffer>, at: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(array.length * 2, at + 1));
  if (fill !== 0) grown.fill(fill, array.length);
  grown.set(array);
  return grown;
}
