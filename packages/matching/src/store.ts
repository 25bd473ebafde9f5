// Columnar store of standardized records: each field's values interned to small integers, so exact agreement is an
// integer compare, term frequencies are counts per value, and per-value work (phonetic codes...) happens once.
import type { StandardField, StandardRecord } from "./standardize/record";
import { STANDARD_FIELDS } from "./standardize/record";
import type { ColumnarChunk } from "./parallel/columnar";
import { StringRecordIds, type RecordIds } from "./record-ids";

export const NULL_VALUE = -1;

/** Value ids per record in `RecordStore.rows`: one slot per standard field, 64 bytes (one cache line) per record. */
export const ROW_STRIDE = 16;
/** Slot of each standard field in a record's row. */
export const FIELD_SLOT = Object.fromEntries(STANDARD_FIELDS.map((field, slot) => [field, slot])) as Record<
  StandardField,
  number
>;

interface DerivedEntry {
  values: unknown[];
  compute: (value: string) => unknown;
  /** Told of a value's derived attribute when the value is released (a table of derived text keeps counts). */
  release?: (derived: unknown) => void;
}

export class FieldColumn {
  /** Value id per record, NULL_VALUE when the record has no value. */
  readonly valueOf: number[] = [];
  readonly dictionary: string[] = [];
  /** How many stored records hold each value: the term frequencies. */
  readonly counts: number[] = [];
  nonNullCount = 0;
  private readonly index = new Map<string, number>();
  private readonly derived = new Map<string, DerivedEntry>();

  intern(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.dictionary.length;
      this.index.set(value, id);
      this.dictionary.push(value);
      this.counts.push(0);
    }
    return id;
  }

  idOf(value: string): number | undefined {
    return this.index.get(value);
  }

  push(value: string | null): void {
    if (value === null) {
      this.valueOf.push(NULL_VALUE);
      return;
    }
    const id = this.intern(value);
    this.counts[id]!++;
    this.nonNullCount++;
    this.valueOf.push(id);
  }

  /** Appends records given as local value ids into a local dictionary (a worker's chunk). */
  appendLocal(localIds: Int32Array, localDictionary: readonly string[]): void {
    const globalOf = localDictionary.map((value) => this.intern(value));
    for (let i = 0; i < localIds.length; i++) {
      const local = localIds[i]!;
      if (local < 0) {
        this.valueOf.push(NULL_VALUE);
        continue;
      }
      const id = globalOf[local]!;
      this.counts[id]!++;
      this.nonNullCount++;
      this.valueOf.push(id);
    }
  }

  /**
   * Blanks one record's value (its count goes down as if it had never been stored). A value no record holds any
   * more is released: its text and what was derived from it are blanked, and storing it again gives it a new id.
   * An erased person's values leave a long-lived store (the server's resident index) with their record.
   */
  clear(position: number): void {
    const id = this.valueOf[position];
    if (id === undefined || id === NULL_VALUE) return;
    this.nonNullCount--;
    this.valueOf[position] = NULL_VALUE;
    if (--this.counts[id]! === 0) this.release(id);
  }

  private release(id: number): void {
    const value = this.dictionary[id]!;
    if (value === "" || this.index.get(value) !== id) return;
    this.index.delete(value);
    // The id is never given out again: derived ids of other values (a date's swapped twin), part ids and cached
    // verdicts that name it then name nothing.
    this.dictionary[id] = "";
    for (const entry of this.derived.values()) {
      if (entry.values.length <= id) continue;
      entry.release?.(entry.values[id]);
      entry.values[id] = blankDerived(entry.compute);
    }
  }

  /** Removes the last record's value (a lookup that scores a record without keeping it). */
  pop(): void {
    const id = this.valueOf.pop();
    if (id !== undefined && id !== NULL_VALUE) {
      this.counts[id]!--;
      this.nonNullCount--;
    }
  }

  /**
   * A per-value derived attribute (phonetic code, day number...), computed once per distinct value. `release` is
   * told of a value's attribute when the value is released (clear), for a caller that counts who derives what.
   */
  derive<T>(
    name: string,
    compute: (value: string) => T,
    release?: (derived: T) => void,
  ): (valueId: number) => T {
    let entry = this.derived.get(name);
    if (!entry) {
      entry = { values: [], compute, release: release as DerivedEntry["release"] };
      this.derived.set(name, entry);
    }
    const values = entry.values as T[];
    const fill = entry.compute as (value: string) => T;
    const dictionary = this.dictionary;
    return (valueId: number): T => {
      // Filled in order up to the id asked for, so the array stays packed (a sparse one is a slow hash map).
      while (values.length <= valueId) values.push(fill(dictionary[values.length]!));
      return values[valueId]!;
    };
  }

  /**
   * Computes every derived attribute for every value stored so far. A real-time lookup then pays only for its own
   * new values, not for the batch's values no pair happened to ask about.
   */
  warmDerived(): void {
    for (const entry of this.derived.values()) {
      while (entry.values.length < this.dictionary.length)
        entry.values.push(entry.compute(this.dictionary[entry.values.length]!));
    }
  }

  /** Term frequency of a value among the stored non-null values. */
  frequency(valueId: number): number {
    return this.nonNullCount === 0 ? 0 : (this.counts[valueId] ?? 0) / this.nonNullCount;
  }
}

/** What a released value's derived attribute becomes: that of the empty text, or null where there is none. */
function blankDerived(compute: (value: string) => unknown): unknown {
  try {
    return compute("");
  } catch {
    return null;
  }
}

export interface ComparisonSnapshot {
  size: number;
  rows: Int32Array<ArrayBuffer>;
  dictionaries: Partial<Record<StandardField, string[]>>;
  sources: (string | null)[] | null;
}

export interface RecordStoreOptions {
  /** How record ids are kept (default: any string; UuidRecordIds for a long-lived store of UUID-keyed records). */
  ids?: RecordIds;
}

export class RecordStore {
  /** Source of each record; one string per source name, however many records carry it. */
  readonly sources: (string | null)[] = [];
  readonly updatedAt: (string | null)[] = [];
  readonly columns: Record<StandardField, FieldColumn>;
  /**
   * The same value ids row by row (record-major, ROW_STRIDE slots per record, FIELD_SLOT order): comparing a pair
   * reads two cache lines instead of one line per field and record, which is what pays at a million records.
   */
  rows = new Int32Array(ROW_STRIDE * 1024);
  private readonly ids: RecordIds;
  private readonly sourceNames = new Map<string, string>();

  constructor(options: RecordStoreOptions = {}) {
    this.ids = options.ids ?? new StringRecordIds();
    this.columns = Object.fromEntries(STANDARD_FIELDS.map((f) => [f, new FieldColumn()])) as Record<
      StandardField,
      FieldColumn
    >;
  }

  /**
   * What a worker thread needs to compute comparison levels: the rows and the dictionaries of the given fields
   * (value ids stay valid). Sources only when asked (linking compares across sources).
   */
  comparisonSnapshot(fields: readonly StandardField[], withSources = false): ComparisonSnapshot {
    return {
      size: this.size,
      rows: this.rows.slice(0, this.size * ROW_STRIDE),
      dictionaries: Object.fromEntries(fields.map((field) => [field, this.columns[field].dictionary])),
      sources: withSources ? this.sources : null,
    };
  }

  /** A store that can compare (levels, not term frequencies or records) built from a snapshot, in a worker. */
  static fromComparisonSnapshot(snapshot: ComparisonSnapshot): RecordStore {
    const store = new RecordStore();
    store.rows = snapshot.rows;
    for (const [field, dictionary] of Object.entries(snapshot.dictionaries)) {
      const column = store.columns[field as StandardField];
      for (const value of dictionary) column.intern(value);
    }
    for (let i = 0; i < snapshot.size; i++) {
      store.ids.addAnonymous();
      store.sources.push(store.sourceName(snapshot.sources?.[i] ?? null));
    }
    return store;
  }

  private reserveRows(records: number): void {
    if (records * ROW_STRIDE <= this.rows.length) return;
    let capacity = this.rows.length;
    while (capacity < records * ROW_STRIDE) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.rows.subarray(0, this.ids.size * ROW_STRIDE));
    this.rows = next;
  }

  private writeRows(from: number, to: number): void {
    this.reserveRows(to);
    const rows = this.rows;
    for (let slot = 0; slot < STANDARD_FIELDS.length; slot++) {
      const valueOf = this.columns[STANDARD_FIELDS[slot]!].valueOf;
      for (let position = from; position < to; position++)
        rows[position * ROW_STRIDE + slot] = valueOf[position]!;
    }
  }

  get size(): number {
    return this.ids.size;
  }

  /** The id of the record at a position; "" for a retired one. */
  idAt(position: number): string {
    return this.ids.idAt(position);
  }

  /** Every record's id by position, in a new array ("" for retired ones). */
  idList(): string[] {
    return Array.from({ length: this.ids.size }, (_, position) => this.ids.idAt(position));
  }

  /** The one string kept for a source name (each row read from a database brings its own copy). */
  private sourceName(name: string | null): string | null {
    if (name === null) return null;
    let kept = this.sourceNames.get(name);
    if (kept === undefined) this.sourceNames.set(name, (kept = name));
    return kept;
  }

  /** Appends a record and returns its position; record ids must be unique within the store. */
  add(record: StandardRecord): number {
    const position = this.ids.add(record.id);
    this.sources.push(this.sourceName(record.source));
    this.updatedAt.push(record.updatedAt);
    for (const field of STANDARD_FIELDS) this.columns[field].push(record[field]);
    this.writeRows(position, position + 1);
    return position;
  }

  /** Appends a chunk of standardized records in columnar form (see parallel/columnar.ts). */
  appendColumnar(chunk: ColumnarChunk): void {
    const from = this.ids.size;
    chunk.ids.forEach((id, i) => {
      this.ids.add(id);
      this.sources.push(this.sourceName(chunk.sources[i] ?? null));
      this.updatedAt.push(chunk.updatedAt[i] ?? null);
    });
    for (const field of STANDARD_FIELDS)
      this.columns[field].appendLocal(chunk.fields[field].ids, chunk.fields[field].dictionary);
    this.writeRows(from, this.ids.size);
  }

  /** Removes the most recently added record. */
  removeLast(): void {
    if (this.ids.size === 0) return;
    this.ids.removeLast();
    this.sources.pop();
    this.updatedAt.pop();
    for (const field of STANDARD_FIELDS) this.columns[field].pop();
  }

  /**
   * Retires the record at a position: its values are blanked (term frequencies no longer count them, and a
   * long-lived store keeps no copy of an erased person's data at that position), its id is released so the same
   * record can be added again at a new position. Positions of other records do not move.
   */
  retire(position: number): void {
    this.releaseId(position);
    this.sources[position] = null;
    this.updatedAt[position] = null;
    for (const field of STANDARD_FIELDS) this.columns[field].clear(position);
    this.rows.fill(NULL_VALUE, position * ROW_STRIDE, position * ROW_STRIDE + STANDARD_FIELDS.length);
  }

  /**
   * Releases a record's id only, its values kept until retire: a new version of the record can be added first, so
   * the values both versions hold are never released in between (and keep their ids).
   */
  releaseId(position: number): void {
    this.ids.release(position);
  }

  positionOf(id: string): number | undefined {
    return this.ids.positionOf(id);
  }

  value(position: number, field: StandardField): string | null {
    const column = this.columns[field];
    const id = column.valueOf[position];
    return id === undefined || id === NULL_VALUE ? null : column.dictionary[id]!;
  }

  record(position: number): StandardRecord {
    const record = {
      id: this.ids.idAt(position),
      source: this.sources[position] ?? null,
      updatedAt: this.updatedAt[position] ?? null,
    } as StandardRecord;
    for (const field of STANDARD_FIELDS) record[field] = this.value(position, field);
    return record;
  }

  /** Share of records with a value in the field: decides which comparisons a dataset supports. */
  fillRate(field: StandardField): number {
    return this.size === 0 ? 0 : this.columns[field].nonNullCount / this.size;
  }
}

/** A standardized record as the store holds it: with its id (a database row's) and its source's name. */
export function toStoreRecord(
  id: string,
  sourceName: string,
  standardized: Partial<StandardRecord>,
): StandardRecord {
  return {
    ...(standardized as StandardRecord),
    id,
    source: sourceName,
    updatedAt: standardized.updatedAt ?? null,
  };
}
