// Candidate pairs: several blocking rules, each a key built from standardized fields; records sharing a key become
// candidate pairs. Rules are unioned and a pair is produced once (by the first rule that finds it). A block too large
// to compare is skipped with a warning instead of silently exploding the pair count.
import type { RecordStore } from "../store";
import { blockingKeyFunction, keyPartIdFunction, PART_RANGE, type BlockingRule } from "./rules";
import { IntPairIds } from "./pair-ids";

export interface BlockingOptions {
  /** Blocks larger than this are skipped (and reported): their pairs would dominate the run. */
  maxBlockSize?: number;
  /**
   * The most pairs one rule may add (after skipping blocks above maxBlockSize), so one rule cannot swamp the run;
   * see BlockingRule.ifTooLarge for what happens past it. Default: max(50,000, 5 x records).
   */
  maxPairsPerRule?: number;
  /**
   * The most pairs all rules together may produce; each rule gets what earlier rules left (rules come in order
   * of precision, so the loose ones starve first). Default: max(200,000, 10 x records).
   */
  maxPairsTotal?: number;
  /** Linking: only pairs of records from different sources. */
  linkOnly?: boolean;
}

export interface RuleReport {
  rule: string;
  /** Pairs the rule's blocks hold before deduplication against earlier rules and before skipping large blocks. */
  potentialPairs: number;
  /** New pairs this rule added to the union. */
  pairs: number;
  /** True when the rule's pair count exceeded the bound and it was not applied. */
  skipped: boolean;
  skippedBlocks: number;
  skippedPairs: number;
  largestBlock: number;
}

export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
  length: number;
  /** Per rule, the key id of each record (-1: no key), so training can find the pairs a rule selects. */
  keyIds: Int32Array[];
  /**
   * The same key ids record-major: rules.length slots per record, so the rules a pair agrees on are read from two
   * cache lines (deduplication here, EM sessions in training) rather than from one array per rule.
   */
  keyRows: Int32Array;
  rules: BlockingRule[];
  reports: RuleReport[];
  warnings: string[];
}

function keyIdsFor(
  rule: BlockingRule,
  store: RecordStore,
  table: IntPairIds,
): { ids: Int32Array; keyCount: number } {
  const ids = new Int32Array(store.size);
  // Up to two parts the key is a number (part ids below 2^24 each), far cheaper to hash than a joined string.
  if (rule.parts.length <= 2) {
    const parts = rule.parts.map((part) => keyPartIdFunction(part, store));
    const first = parts[0]!;
    const second = parts[1];
    // Key ids in order of first appearance, through an integer hash table (a Map of 48-bit numbers boxes each key).
    // Large typed arrays per rule cost full garbage collections of the whole heap: one table serves all rules.
    const index = table;
    index.reset();
    for (let i = 0; i < store.size; i++) {
      const p1 = first(i);
      const p2 = second ? second(i) : 0;
      if (p1 < 0 || p2 < 0 || p1 >= PART_RANGE || p2 >= PART_RANGE) {
        ids[i] = -1;
        continue;
      }
      ids[i] = index.idOf(p1, p2);
    }
    return { ids, keyCount: index.size };
  }
  const keyOf = blockingKeyFunction(rule, store);
  const index = new Map<string, number>();
  for (let i = 0; i < store.size; i++) {
    const key = keyOf(i);
    if (key === null) {
      ids[i] = -1;
      continue;
    }
    let id = index.get(key);
    if (id === undefined) index.set(key, (id = index.size));
    ids[i] = id;
  }
  return { ids, keyCount: index.size };
}

class PairBuffer {
  a: Int32Array;
  b: Int32Array;
  length = 0;
  // Sized for the most pairs the run may produce when that is known: growing by doubling allocated twice the
  // final size in large typed arrays, and each such allocation can force a full collection of a heap of millions
  // of strings.
  constructor(capacity: number) {
    const size = Number.isFinite(capacity) ? Math.max(1 << 16, Math.min(capacity, 1 << 27)) : 1 << 16;
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
  }
  push(x: number, y: number): void {
    if (this.length === this.a.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
    }
    this.a[this.length] = x;
    this.b[this.length] = y;
    this.length++;
  }
}

export function generateCandidatePairs(
  store: RecordStore,
  rules: BlockingRule[],
  options: BlockingOptions = {},
): CandidatePairs {
  const maxBlockSize = options.maxBlockSize ?? 1000;
  const perRuleBound = options.maxPairsPerRule ?? Math.max(50_000, 5 * store.size);
  const maxPairsTotal = options.maxPairsTotal ?? Math.max(200_000, 10 * store.size);
  const linkOnly = options.linkOnly ?? false;
  const sources = store.sources;
  const keyIds: Int32Array[] = [];
  const keyCounts: number[] = [];
  const table = new IntPairIds(store.size);
  const startBuffer = new Int32Array(store.size + 1);
  const fillBuffer = new Int32Array(store.size + 1);
  const orderBuffer = new Int32Array(store.size);
  for (const rule of rules) {
    const { ids, keyCount } = keyIdsFor(rule, store, table);
    keyIds.push(ids);
    keyCounts.push(keyCount);
  }
  const R = rules.length;
  const keyRows = new Int32Array(store.size * R);
  for (let q = 0; q < R; q++) {
    const ids = keyIds[q]!;
    for (let i = 0; i < ids.length; i++) keyRows[i * R + q] = ids[i]!;
  }
  // Blocks skipped per rule (1 = skipped): a pair in a skipped block of an earlier rule was never produced there.
  const skippedKeys: Uint8Array[] = [];
  const reports: RuleReport[] = [];
  const warnings: string[] = [];
  const out = new PairBuffer(Math.min(maxPairsTotal, (store.size * (store.size - 1)) / 2));
  let scratch = new Int32Array(1024 * Math.max(R, 1));
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const ids = keyIds[r]!;
    const keyCount = keyCounts[r]!;
    // Counting sort of records by key: members of block k are order[start[k] .. start[k+1]).
    // (Buffers shared by all rules, as the key table is.)
    const start = startBuffer.subarray(0, keyCount + 1).fill(0);
    for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) start[ids[i]! + 1]!++;
    for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
    const fill = fillBuffer.subarray(0, keyCount);
    fill.set(start.subarray(0, keyCount));
    const order = orderBuffer.subarray(0, start[keyCount]);
    for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) order[fill[ids[i]!]!++] = i;
    const report: RuleReport = {
      rule: rule.name,
      potentialPairs: 0,
      pairs: 0,
      skipped: false,
      skippedBlocks: 0,
      skippedPairs: 0,
      largestBlock: 0,
    };
    const skipped = new Uint8Array(keyCount);
    for (let k = 0; k < keyCount; k++) {
      const size = start[k + 1]! - start[k]!;
      if (size < 2) continue;
      const blockPairs = (size * (size - 1)) / 2;
      report.potentialPairs += blockPairs;
      report.largestBlock = Math.max(report.largestBlock, size);
      if (size > maxBlockSize) {
        skipped[k] = 1;
        report.skippedBlocks++;
        report.skippedPairs += blockPairs;
      }
    }
    if (report.skippedBlocks > 0) {
      warnings.push(
        `blocking rule "${rule.name}": ${report.skippedBlocks} block(s) larger than ${maxBlockSize} records skipped ` +
          `(${report.skippedPairs} pairs, largest block ${report.largestBlock}); other rules must find those matches — ` +
          `add a field to the rule if recall drops`,
      );
    }
    reports.push(report);
    const maxPairsPerRule = Math.max(0, Math.min(perRuleBound, maxPairsTotal - out.length));
    const overBound = report.potentialPairs - report.skippedPairs - maxPairsPerRule;
    if (overBound > 0 && rule.ifTooLarge === "skip") {
      report.skipped = true;
      // Nothing of this rule was produced: later rules must not assume it found their pairs.
      skippedKeys.push(new Uint8Array(keyCount).fill(1));
      warnings.push(
        `blocking rule "${rule.name}" skipped: it would produce ${report.potentialPairs - report.skippedPairs} pairs, ` +
          `more than the bound of ${maxPairsPerRule}; make it stricter (add a field) or raise maxPairsPerRule`,
      );
      continue;
    }
    if (overBound > 0) {
      // Largest blocks first: they hold the most pairs and the least evidence (the commonest keys).
      // Counting sort by size, largest first, keys in ascending order within a size (as a stable sort would).
      let largestKept = 0;
      for (let k = 0; k < keyCount; k++)
        if (!skipped[k]) largestKept = Math.max(largestKept, start[k + 1]! - start[k]!);
      const sizeCounts = new Int32Array(largestKept + 1);
      for (let k = 0; k < keyCount; k++) {
        const size = start[k + 1]! - start[k]!;
        if (!skipped[k] && size > 1) sizeCounts[size]!++;
      }
      const sizeStart = new Int32Array(largestKept + 1);
      for (let size = largestKept, at = 0; size >= 2; size--) {
        sizeStart[size] = at;
        at += sizeCounts[size]!;
      }
      const bySize = new Int32Array(sizeCounts.reduce((sum, c) => sum + c, 0));
      for (let k = 0; k < keyCount; k++) {
        const size = start[k + 1]! - start[k]!;
        if (!skipped[k] && size > 1) bySize[sizeStart[size]!++] = k;
      }
      let excess = overBound;
      let trimmedBlocks = 0;
      for (const k of bySize) {
        if (excess <= 0) break;
        const size = start[k + 1]! - start[k]!;
        const blockPairs = (size * (size - 1)) / 2;
        skipped[k] = 1;
        excess -= blockPairs;
        report.skippedBlocks++;
        report.skippedPairs += blockPairs;
        trimmedBlocks++;
      }
      warnings.push(
        `blocking rule "${rule.name}": ${report.potentialPairs} pairs exceed the bound of ${maxPairsPerRule}; its ${trimmedBlocks} ` +
          `largest block(s) were skipped (${report.skippedPairs} pairs in all); other rules must find those matches`,
      );
    }
    const before = out.length;
    for (let k = 0; k < keyCount; k++) {
      const from = start[k]!;
      const to = start[k + 1]!;
      if (to - from < 2 || skipped[k]) continue;
      // The members' key rows copied side by side once per block: each pair then reads the block's scratch, not
      // a random row of a 64 MB table (a block of s records has s²/2 pairs but only s rows).
      const size = to - from;
      if (scratch.length < size * R) scratch = new Int32Array(Math.max(size * R, scratch.length * 2));
      for (let i = 0; i < size; i++) {
        const row = order[from + i]! * R;
        for (let q = 0; q < r; q++) scratch[i * R + q] = keyRows[row + q]!;
      }
      for (let i = 0; i < size; i++) {
        const x = order[from + i]!;
        const rx = i * R;
        for (let j = i + 1; j < size; j++) {
          const y = order[from + j]!;
          if (linkOnly && sources[x] === sources[y]) continue;
          const ry = j * R;
          let seen = false;
          for (let q = 0; q < r; q++) {
            const kx = scratch[rx + q]!;
            if (kx >= 0 && kx === scratch[ry + q] && skippedKeys[q]![kx] === 0) {
              seen = true;
              break;
            }
          }
          if (!seen) out.push(x, y);
        }
      }
    }
    skippedKeys.push(skipped);
    report.pairs = out.length - before;
  }
  return { a: out.a, b: out.b, length: out.length, keyIds, keyRows, rules, reports, warnings };
}
