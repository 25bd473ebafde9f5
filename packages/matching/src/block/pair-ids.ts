// A hash table from a pair of 32-bit ints to a dense id: blocking keys of two parts (candidate-pairs.ts) and the
// real-time block index (block-index.ts) number their keys with it.

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
