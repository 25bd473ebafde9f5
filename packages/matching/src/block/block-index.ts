// Blocks kept current as records come and go, for the real-time paths (the resident index of
// the server): per blocking rule, the records sharing each key, in insertion order. Everything is in typed arrays:
// a key is a pair of part ids (keyPartIdFunction) numbered by an IntPairIds table, and a block is a doubly linked
// list threaded through two arrays indexed by record and rule. At a million records a Map of key strings to arrays
// was some eight million objects on the JavaScript heap, which every garbage collection had to walk: their pauses,
// not the work, made the slowest arrivals (decision 0004). These arrays hold the same blocks in ~60 bytes a record
// and rule, out of the collector's sight.
import { IntPairIds } from "./pair-ids";
import { keyPartIdFunction, type BlockingRule } from "./rules";
import type { RecordStore } from "../store";

const NONE = -1;

export interface BlockIndexOptions {
  /**
   * Keep, per rule, how many blocks hold each number of records up to this size (blocks above it share the last
   * slot): what a caller needs to bound pairs as the batch run does. Default 0: no counts.
   */
  countSizesUpTo?: number;
}

/** The key of one rule as a block id: parts folded pairwise into one pair, then numbered. */
class RuleBlocks {
  readonly parts: ((position: number) => number)[];
  /** (first part, second part or 0) -> block id. */
  readonly keys = new IntPairIds();
  /** For keys of more than two parts: the running pair of all parts but the last, numbered. */
  readonly prefixes: IntPairIds | null;
  /** First and last record of each block (-1: empty), and how many it holds. */
  head = new Int32Array(1024).fill(NONE);
  tail = new Int32Array(1024).fill(NONE);
  size = new Int32Array(1024);

  constructor(rule: BlockingRule, store: RecordStore) {
    this.parts = rule.parts.map((part) => keyPartIdFunction(part, store));
    this.prefixes = this.parts.length > 2 ? new IntPairIds() : null;
  }

  /** The record's block id, made if `create`; -1 when the record has no key, or (without create) a new key. */
  blockOf(position: number, create: boolean): number {
    const parts = this.parts;
    let a = parts[0]!(position);
    if (a < 0) return NONE;
    for (let i = 1; i < parts.length - 1; i++) {
      const b = parts[i]!(position);
      if (b < 0) return NONE;
      a = create ? this.prefixes!.idOf(a, b) : this.prefixes!.find(a, b);
      if (a < 0) return NONE;
    }
    const last = parts.length > 1 ? parts[parts.length - 1]!(position) : 0;
    if (last < 0) return NONE;
    if (!create) return this.keys.find(a, last);
    const block = this.keys.idOf(a, last);
    if (block === this.head.length) {
      this.head = grown(this.head, block * 2, NONE);
      this.tail = grown(this.tail, block * 2, NONE);
      this.size = grown(this.size, block * 2);
    }
    return block;
  }
}

/** A longer copy of an array, its new slots set to `fill`. */
function grown<T extends Int32Array | Uint8Array>(array: T, length: number, fill = 0): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}

export class BlockIndex {
  private readonly rules: RuleBlocks[];
  /** Next and previous record in the same block: slot position * rules + rule, -1 at the ends. */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** 1 for a record in its blocks. */
  private placed = new Uint8Array(0);
  /** Per rule, blocks holding each number of records (index: size, capped at countSizesUpTo + 1). */
  readonly sizeCounts: Int32Array[];
  /** Block-size changes so far (a caller recomputing bounds every so many changes watches it). */
  changes = 0;

  constructor(rules: readonly BlockingRule[], store: RecordStore, options: BlockIndexOptions = {}) {
    this.rules = rules.map((rule) => new RuleBlocks(rule, store));
    const counted = options.countSizesUpTo ?? 0;
    this.sizeCounts = rules.map(() => new Int32Array(counted > 0 ? counted + 2 : 0));
    this.reserve(1024);
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** Room for records up to this position without growing (a loader that knows its count asks once). */
  reserve(positions: number): void {
    if (positions <= this.placed.length) return;
    let capacity = Math.max(1024, this.placed.length);
    while (capacity < positions) capacity *= 2;
    const R = this.rules.length;
    this.next = grown(this.next, capacity * R);
    this.prev = grown(this.prev, capacity * R);
    this.placed = grown(this.placed, capacity);
  }

  isPlaced(position: number): boolean {
    return this.placed[position] === 1;
  }

  /** Puts a stored record at the end of each of its blocks. */
  add(position: number): void {
    if (this.isPlaced(position)) return;
    this.reserve(position + 1);
    const R = this.rules.length;
    for (let r = 0; r < R; r++) {
      const rule = this.rules[r]!;
      const block = rule.blockOf(position, true);
      const slot = position * R + r;
      if (block < 0) {
        this.next[slot] = this.prev[slot] = NONE;
        continue;
      }
      const tail = rule.tail[block]!;
      this.prev[slot] = tail;
      this.next[slot] = NONE;
      if (tail === NONE) rule.head[block] = position;
      else this.next[tail * R + r] = position;
      rule.tail[block] = position;
      this.resized(r, rule.size[block]!, ++rule.size[block]!);
    }
    this.placed[position] = 1;
  }

  /** Takes a record out of its blocks. Its values must still be in the store (remove before retiring it). */
  remove(position: number): void {
    if (!this.isPlaced(position)) return;
    const R = this.rules.length;
    for (let r = 0; r < R; r++) {
      const rule = this.rules[r]!;
      const block = rule.blockOf(position, false);
      if (block < 0) continue;
      const slot = position * R + r;
      const before = this.prev[slot]!;
      const after = this.next[slot]!;
      if (before === NONE) rule.head[block] = after;
      else this.next[before * R + r] = after;
      if (after === NONE) rule.tail[block] = before;
      else this.prev[after * R + r] = before;
      this.resized(r, rule.size[block]!, --rule.size[block]!);
    }
    this.placed[position] = 0;
  }

  /** The block a record's key falls in for a rule (placed or not), or -1 when it has no key or no block holds it. */
  blockOf(rule: number, position: number): number {
    return this.rules[rule]!.blockOf(position, false);
  }

  blockSize(rule: number, block: number): number {
    return this.rules[rule]!.size[block]!;
  }

  /** The first record of a block, -1 when it is empty. */
  first(rule: number, block: number): number {
    return this.rules[rule]!.head[block]!;
  }

  /** The record after this one in its block for a rule, -1 at the end. */
  after(rule: number, position: number): number {
    return this.next[position * this.rules.length + rule]!;
  }

  /** The records of a block, in the order they were added (for tests and tools; lookups walk first/after). */
  members(rule: number, block: number): number[] {
    const members: number[] = [];
    for (let p = this.first(rule, block); p !== NONE; p = this.after(rule, p)) members.push(p);
    return members;
  }

  private resized(rule: number, from: number, to: number): void {
    this.changes++;
    const counts = this.sizeCounts[rule]!;
    if (counts.length === 0) return;
    const last = counts.length - 1;
    if (from > 0) counts[Math.min(from, last)]!--;
    if (to > 0) counts[Math.min(to, last)]!++;
  }
}

/**
 * The records one lookup has already taken, each once across rules: a stamp per position instead of a Set per
 * lookup (no garbage on the hot path). Call begin before each lookup.
 */
export class SeenPositions {
  private stamps = new Int32Array(1024);
  private stamp = 0;

  /** Starts a lookup over positions below `size`. */
  begin(size: number): void {
    if (this.stamps.length < size) this.stamps = grown(this.stamps, Math.max(size, this.stamps.length * 2));
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** True the first time this lookup meets the position. */
  firstSight(position: number): boolean {
    if (this.stamps[position] === this.stamp) return false;
    this.stamps[position] = this.stamp;
    return true;
  }
}
