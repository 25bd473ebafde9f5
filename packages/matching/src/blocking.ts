// Blocking: several rules, each a key built from standardized fields; records sharing a key become candidate
// pairs. Rules are unioned and a pair is produced once (by the first rule that finds it). A block too large to
// compare is skipped with a warning instead of silently exploding the pair count.
import { metaphoneCodes } from "./compare/phonetic";
import { formalGivenName } from "./standardize/nicknames";
import type { StandardField } from "./standardize/record";
import { NULL_VALUE, type FieldColumn, type RecordStore } from "./store";

export type KeyTransform = "exact" | "metaphone" | "formal" | "initial" | "prefix3" | "year" | "sorted-digits";

export interface BlockingRule {
  name: string;
  parts: { field: StandardField; transform?: KeyTransform }[];
  /**
   * When the rule's pairs exceed the bound: "trim" drops its largest blocks until it fits (a precise rule, whose
   * big blocks are common names); "skip" drops the rule (a loose rule, useful only on small data). Default trim.
   */
  ifTooLarge?: "trim" | "skip";
  /**
   * false: do not run an EM session on this rule's pairs. Rules on what a household shares (phone, address,
   * surname) select mostly relatives, whom EM would learn as "matches".
   */
  train?: boolean;
}

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

const TRANSFORMS: Record<KeyTransform, (value: string) => string> = {
  exact: (v) => v,
  metaphone: (v) => metaphoneCodes(v)[0] || v,
  formal: formalGivenName,
  initial: (v) => v.slice(0, 1),
  prefix3: (v) => v.slice(0, 3),
  year: (v) => v.slice(0, 4),
  "sorted-digits": (v) => v.replace(/\D/g, "").split("").sort().join(""),
};

/** A function giving a record's blocking key for a rule, or null when a field it needs is missing. */
export function blockingKeyFunction(rule: BlockingRule, store: RecordStore): (position: number) => string | null {
  const parts = rule.parts.map(({ field, transform = "exact" }) => {
    const column = store.columns[field];
    const derived = column.derive(`block:${transform}`, TRANSFORMS[transform]);
    return { valueOf: column.valueOf, derived };
  });
  return (position) => {
    let key = "";
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const id = part.valueOf[position]!;
      if (id === NULL_VALUE) return null;
      const text = part.derived(id);
      if (text === "") return null;
      key = i === 0 ? text : key + "\u0001" + text;
    }
    return key;
  };
}

// Per column and transform, the id of each transformed key part, so two-part keys become one number.
/**
 * Ids of transformed key parts ("william" for Bill, a metaphone code), per column and transform. Each id counts the
 * stored values that derive it; when the last is released (clear) its text is dropped, so an erased person's name
 * leaves a long-lived store with them. Ids are never given out again.
 */
interface PartTable {
  ids: Map<string, number>;
  texts: string[];
  refs: number[];
}
const partTables = new WeakMap<FieldColumn, Map<string, PartTable>>();

/**
 * A function giving the id of one part of a record's blocking key (-1 when the record has none): equal ids, equal
 * transformed text. An exact part's id is the value's own id in the store, so it costs no table of its own.
 */
export function keyPartIdFunction(part: BlockingRule["parts"][number], store: RecordStore): (position: number) => number {
  const transform = part.transform ?? "exact";
  const column = store.columns[part.field];
  if (transform === "exact") {
    const valueOf = column.valueOf;
    const dictionary = column.dictionary;
    return (position) => {
      const valueId = valueOf[position]!;
      return valueId === NULL_VALUE || dictionary[valueId] === "" ? -1 : valueId;
    };
  }
  let byTransform = partTables.get(column);
  if (!byTransform) partTables.set(column, (byTransform = new Map()));
  let table = byTransform.get(transform);
  if (!table) byTransform.set(transform, (table = { ids: new Map(), texts: [], refs: [] }));
  const { ids, texts, refs } = table;
  const idOfValue = column.derive(
    `block-part:${transform}`,
    (value) => {
      const text = TRANSFORMS[transform](value);
      if (text === "") return -1;
      let id = ids.get(text);
      if (id === undefined) {
        ids.set(text, (id = texts.length));
        texts.push(text);
        refs.push(0);
      }
      refs[id]!++;
      return id;
    },
    (id) => {
      if (id < 0 || --refs[id]! > 0) return;
      ids.delete(texts[id]!);
      texts[id] = "";
    },
  );
  const valueOf = column.valueOf;
  return (position) => {
    const valueId = valueOf[position]!;
    return valueId === NULL_VALUE ? -1 : idOfValue(valueId);
  };
}

const PART_RANGE = 2 ** 24;

/** Slots of the smaller table moved into the larger one per pair added while a table grows. */
const MOVED_PER_INSERT = 32;

const slotOf = (a: number, b: number, mask: number) => {
  const i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  return (i ^ (i >>> 15)) & mask;
};

/**
 * One open-addressing table (linear probing). keysA holds a + 1, so 0 marks an empty slot: a new table needs no
 * fill, and its pages are touched as slots are used instead of all at once (filling 64 MB took 20 ms).
 */
interface PairTable {
  keysA: Int32Array;
  keysB: Int32Array;
  ids: Int32Array;
  mask: number;
}

function pairTable(capacity: number): PairTable {
  return {
    keysA: new Int32Array(capacity),
    keysB: new Int32Array(capacity),
    ids: new Int32Array(capacity),
    mask: capacity - 1,
  };
}

/** The id stored for (a, b), or -1. */
function lookUp(table: PairTable, a: number, b: number): number {
  const { keysA, keysB, ids, mask } = table;
  const stored = a + 1;
  for (let i = slotOf(a, b, mask); ; i = (i + 1) & mask) {
    const ka = keysA[i]!;
    if (ka === 0) return -1;
    if (ka === stored && keysB[i] === b) return ids[i]!;
  }
}

/** Stores a pair known to be absent. */
function insert(table: PairTable, a: number, b: number, id: number): void {
  const { keysA, keysB, ids, mask } = table;
  let i = slotOf(a, b, mask);
  while (keysA[i] !== 0) i = (i + 1) & mask;
  keysA[i] = a + 1;
  keysB[i] = b;
  ids[i] = id;
}

/**
 * Dense ids (0, 1, 2... in order of first appearance) for pairs of non-negative integers: open addressing.
 * Growing never pauses: a table past half full gets one twice its size, and the old one is moved into it a few
 * slots per pair added (lookups meanwhile try the new table, then the old). Moving a table of millions of keys at
 * once took 40 ms and more, a stall for every real-time arrival waiting behind it (decision 0004).
 */
export class IntPairIds {
  private table: PairTable;
  /** While growing: the previous table and how many of its slots have been moved. */
  private previous: PairTable | null = null;
  private moved = 0;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.table = pairTable(capacity);
  }

  /** Forgets every pair, keeping the memory (one table serves every rule of a run). */
  reset(): void {
    this.table.keysA.fill(0);
    this.previous = null;
    this.moved = 0;
    this.size = 0;
  }

  idOf(a: number, b: number): number {
    const { keysA, keysB, ids, mask } = this.table;
    const stored = a + 1;
    let i = slotOf(a, b, mask);
    for (let ka = keysA[i]!; ka !== 0; ka = keysA[i]!) {
      if (ka === stored && keysB[i] === b) return ids[i]!;
      i = (i + 1) & mask;
    }
    if (this.previous) {
      const found = lookUp(this.previous, a, b);
      if (found >= 0) return found;
    }
    // Not there: it takes the empty slot the probe ended on.
    const id = this.size++;
    keysA[i] = stored;
    keysB[i] = b;
    ids[i] = id;
    if (this.previous) this.moveSome(MOVED_PER_INSERT);
    else if (this.size * 2 > this.table.keysA.length) this.startGrowing();
    return id;
  }

  /** The id of a pair already given one, or -1 (nothing is added). */
  find(a: number, b: number): number {
    const id = lookUp(this.table, a, b);
    return id >= 0 || !this.previous ? id : lookUp(this.previous, a, b);
  }

  private startGrowing(): void {
    this.previous = this.table;
    this.moved = 0;
    this.table = pairTable(this.previous.keysA.length * 2);
    this.moveSome(MOVED_PER_INSERT);
  }

  /**
   * Moves up to `count` slots of the previous table. The new table is twice the size of the old, which was half
   * full, so it is a quarter full when the move starts; the move ends after a thirty-second of the old capacity has
   * been added (32 slots per pair), long before the new table is half full and must grow in turn.
   */
  private moveSome(count: number): void {
    const previous = this.previous!;
    const { keysA, keysB, ids } = previous;
    const end = Math.min(keysA.length, this.moved + count);
    for (let j = this.moved; j < end; j++) {
      const stored = keysA[j]!;
      if (stored !== 0) insert(this.table, stored - 1, keysB[j]!, ids[j]!);
    }
    this.moved = end;
    if (end === keysA.length) this.previous = null;
  }
}

function keyIdsFor(rule: BlockingRule, store: RecordStore, table: IntPairIds): { ids: Int32Array; keyCount: number } {
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

export function generateCandidatePairs(store: RecordStore, rules: BlockingRule[], options: BlockingOptions = {}): CandidatePairs {
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
    const order = orderBuffer.subarray(0, start[keyCount]!);
    for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) order[fill[ids[i]!]!++] = i;
    const report: RuleReport = { rule: rule.name, potentialPairs: 0, pairs: 0, skipped: false, skippedBlocks: 0, skippedPairs: 0, largestBlock: 0 };
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
      for (let k = 0; k < keyCount; k++) if (!skipped[k]) largestKept = Math.max(largestKept, start[k + 1]! - start[k]!);
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

const CANDIDATE_RULES: BlockingRule[] = [
  // Most precise first: under the total pair bound the loose rules at the end are the first to go.
  { name: "email", parts: [{ field: "email" }] },
  { name: "phone", parts: [{ field: "phone" }], train: false },
  { name: "national_id", parts: [{ field: "nationalId" }] },
  { name: "last_name+dob", parts: [{ field: "lastName", transform: "metaphone" }, { field: "dob" }] },
  { name: "first_name+dob", parts: [{ field: "firstName", transform: "formal" }, { field: "dob" }] },
  { name: "dob+postcode", parts: [{ field: "dob" }, { field: "postcode" }] },
  { name: "postcode+street_number", parts: [{ field: "postcode" }, { field: "streetNumber" }], train: false },
  { name: "first_name+last_name", parts: [{ field: "firstName", transform: "formal" }, { field: "lastName", transform: "metaphone" }] },
  // Not trained on: a surname and an initial are what a household's members share (John and Jane Smith at one address),
  // and EM over its pairs learnt their disagreeing birth dates as what matches look like (m of "dob else" 0.15).
  { name: "last_name+first_initial", parts: [{ field: "lastName" }, { field: "firstName", transform: "initial" }], train: false },
  { name: "first_name+postcode", parts: [{ field: "firstName", transform: "formal" }, { field: "postcode" }] },
  { name: "last_name+postcode", parts: [{ field: "lastName", transform: "metaphone" }, { field: "postcode" }], train: false },
  { name: "last_name+city", parts: [{ field: "lastName", transform: "metaphone" }, { field: "city" }], train: false },
  // Loose single-field rules: they find heavily corrupted duplicates in small data and are skipped (with a
  // warning) by the pair bound where the data is too large for them.
  { name: "dob", parts: [{ field: "dob" }], ifTooLarge: "skip" },
  { name: "last_name", parts: [{ field: "lastName", transform: "metaphone" }], train: false, ifTooLarge: "skip" },
  { name: "first_name", parts: [{ field: "firstName", transform: "formal" }], ifTooLarge: "skip" },
  { name: "postcode", parts: [{ field: "postcode" }], train: false, ifTooLarge: "skip" },
];

/** Blocking rules whose fields the dataset fills (at least `minFillRate` of records). */
export function defaultBlockingRules(store: RecordStore, minFillRate = 0.05): BlockingRule[] {
  return CANDIDATE_RULES.filter((rule) => rule.parts.every((p) => store.fillRate(p.field) >= minFillRate));
}

/** The fields a rule reads: training does not estimate m for comparisons of these fields from the rule's pairs. */
export function ruleFields(rule: BlockingRule): Set<StandardField> {
  return new Set(rule.parts.map((p) => p.field));
}
