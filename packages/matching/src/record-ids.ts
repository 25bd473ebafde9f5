// Record ids by position and positions by id, for a RecordStore. Two kinds: any string (a batch run's own ids,
// FEBRL's "rec-1-org"), and UUIDs kept as 128-bit numbers in typed arrays, for a store that lives as long as a
// server and holds a million records. There a string and a Map entry per record were two million objects the
// garbage collector walked on every full collection, and the copies of them that each collection promoted; in
// typed arrays the same ids are 56 bytes a record that no collector looks into.

/** Positions of a store's records and their ids. Positions are dense, from 0, and never move. */
export interface RecordIds {
  /** Positions handed out, released ones included. */
  readonly size: number;
  /** Gives the id the next position; an id already held is an error. */
  add(id: string): number;
  /** A position with no id (a worker's comparison store, which needs positions only). */
  addAnonymous(): number;
  /** Takes back the last position handed out. */
  removeLast(): void;
  positionOf(id: string): number | undefined;
  /** The id at a position; "" when released or anonymous. */
  idAt(position: number): string;
  /** Frees an id: the position keeps no id and the id may be added again, at a new position. */
  release(position: number): void;
}

/** Any string ids, in an array and a Map. */
export class StringRecordIds implements RecordIds {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  add(id: string): number {
    if (this.positions.has(id)) throw new Error(`duplicate record id "${id}"`);
    this.positions.set(id, this.ids.length);
    this.ids.push(id);
    return this.ids.length - 1;
  }

  addAnonymous(): number {
    this.ids.push("");
    return this.ids.length - 1;
  }

  removeLast(): void {
    const id = this.ids.pop();
    if (id !== undefined && this.positions.get(id) === this.ids.length) this.positions.delete(id);
  }

  positionOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  idAt(position: number): string {
    return this.ids[position] ?? "";
  }

  release(position: number): void {
    const id = this.ids[position];
    if (id === undefined || id === "" || this.positions.get(id) !== position) return;
    this.positions.delete(id);
    this.ids[position] = "";
  }
}

const EMPTY = -1;
const DELETED = -2;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Value of each hex digit's character code, -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(i)] = i;
}
const HYPHENS = [8, 13, 18, 23];

/**
 * UUIDs (any version, in the 8-4-4-4-12 form, either case) as four 32-bit words per position, found through an
 * open-addressing table of positions. Ids come back in lower case, as PostgreSQL writes them.
 */
export class UuidRecordIds implements RecordIds {
  /** Four words per position; a released or anonymous position has `held` 0. */
  private words = new Uint32Array(4 * 1024);
  private held = new Uint8Array(1024);
  private count = 0;
  /** Slot -> position, EMPTY or DELETED; power-of-two capacity, at most half full (deleted slots count). */
  private slots = new Int32Array(2048).fill(EMPTY);
  private used = 0;
  /** The last id parsed, so a lookup and the add that follows it parse once. */
  private readonly parsed = new Uint32Array(4);

  get size(): number {
    return this.count;
  }

  add(id: string): number {
    if (!this.parse(id)) throw new Error(`record id "${id}" is not a UUID`);
    if (this.find() >= 0) throw new Error(`duplicate record id "${id}"`);
    if ((this.used + 1) * 2 > this.slots.length) this.rehash();
    const position = this.push(true);
    this.insert(position);
    return position;
  }

  addAnonymous(): number {
    return this.push(false);
  }

  removeLast(): void {
    if (this.count === 0) return;
    this.release(this.count - 1);
    this.count--;
  }

  positionOf(id: string): number | undefined {
    if (!this.parse(id)) return undefined;
    const slot = this.find();
    return slot >= 0 ? this.slots[slot]! : undefined;
  }

  idAt(position: number): string {
    if (position < 0 || position >= this.count || this.held[position] === 0) return "";
    const w = this.words;
    const at = position * 4;
    const hex = (word: number) =>
      HEX[word >>> 24]! + HEX[(word >>> 16) & 0xff]! + HEX[(word >>> 8) & 0xff]! + HEX[word & 0xff]!;
    const [a, b, c, d] = [hex(w[at]!), hex(w[at + 1]!), hex(w[at + 2]!), hex(w[at + 3]!)];
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }

  release(position: number): void {
    if (position < 0 || position >= this.count || this.held[position] === 0) return;
    this.parsed.set(this.words.subarray(position * 4, position * 4 + 4));
    const slot = this.find();
    if (slot >= 0) this.slots[slot] = DELETED;
    this.held[position] = 0;
    this.words.fill(0, position * 4, position * 4 + 4);
  }

  /** Reads a UUID into `parsed`; false when it is not one. */
  private parse(id: string): boolean {
    if (id.length !== 36) return false;
    for (const at of HYPHENS) if (id.charCodeAt(at) !== 45) return false;
    let word = 0;
    let digits = 0;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) continue;
      const code = id.charCodeAt(i);
      const value = code < 128 ? HEX_VALUE[code]! : -1;
      if (value < 0) return false;
      word = (word << 4) | value;
      if (++digits % 8 === 0) this.parsed[digits / 8 - 1] = word >>> 0;
    }
    return true;
  }

  private hash(): number {
    const p = this.parsed;
    // UUIDs are mostly random bits already; mixing all four words keeps non-random ones (sequential, v7) spread.
    let h =
      Math.imul(p[0]! ^ 0x9e3779b9, 0x85ebca6b) ^
      Math.imul(p[1]!, 0xc2b2ae35) ^
      Math.imul(p[2]!, 0x27d4eb2f) ^
      p[3]!;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    return (h ^ (h >>> 15)) >>> 0;
  }

  /** The slot holding the parsed id, or -1. */
  private find(): number {
    const mask = this.slots.length - 1;
    const p = this.parsed;
    for (let slot = this.hash() & mask; ; slot = (slot + 1) & mask) {
      const position = this.slots[slot]!;
      if (position === EMPTY) return -1;
      if (position === DELETED) continue;
      const at = position * 4;
      const w = this.words;
      if (w[at] === p[0] && w[at + 1] === p[1] && w[at + 2] === p[2] && w[at + 3] === p[3]) return slot;
    }
  }

  private push(held: boolean): number {
    const position = this.count;
    if (position === this.held.length) {
      const words = new Uint32Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
      const flags = new Uint8Array(this.held.length * 2);
      flags.set(this.held);
      this.held = flags;
    }
    if (held) this.words.set(this.parsed, position * 4);
    this.held[position] = held ? 1 : 0;
    this.count++;
    return position;
  }

  /** Puts the parsed id's position in the first empty slot (deleted ones stay until the next rehash). */
  private insert(position: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hash() & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = position;
    this.used++;
  }

  /** A new table for the held positions: deleted slots go, and it doubles when more than a quarter is held. */
  private rehash(): void {
    let held = 0;
    for (let position = 0; position < this.count; position++) held += this.held[position]!;
    let capacity = this.slots.length;
    while ((held + 1) * 4 > capacity) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.used = 0;
    const saved = Uint32Array.from(this.parsed);
    const mask = capacity - 1;
    for (let position = 0; position < this.count; position++) {
      if (this.held[position] === 0) continue;
      this.parsed.set(this.words.subarray(position * 4, position * 4 + 4));
      let slot = this.hash() & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = position;
      this.used++;
    }
    this.parsed.set(saved);
  }
}
