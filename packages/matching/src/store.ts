// Columnar store of standardized records: each field's values interned to small integers, so exact agreement is an
// integer compare, term frequencies are counts per value, and per-value work (phonetic codes...) happens once.
import type { StandardField, StandardRecord } from "./standardize/record";
import { STANDARD_FIELDS } from "./standardize/record";
import type { ColumnarChunk } from "./parallel/columnar";

export const NULL_VALUE = -1;

export class FieldColumn {
  /** Value id per record, NULL_VALUE when the record has no value. */
  readonly valueOf: number[] = [];
  readonly dictionary: string[] = [];
  /** How many stored records hold each value: the term frequencies. */
  readonly counts: number[] = [];
  nonNullCount = 0;
  private readonly index = new Map<string, number>();
  private readonly derived = new Map<string, unknown[]>();

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

  /** Removes the last record's value (the incremental index scores a record without keeping it). */
  pop(): void {
    const id = this.valueOf.pop();
    if (id !== undefined && id !== NULL_VALUE) {
      this.counts[id]!--;
      this.nonNullCount--;
    }
  }

  /** A per-value derived attribute (phonetic code, day number...), computed once per distinct value. */
  derive<T>(name: string, compute: (value: string) => T): (valueId: number) => T {
    let cache = this.derived.get(name) as T[] | undefined;
    if (!cache) {
      cache = [];
      this.derived.set(name, cache);
    }
    const values = cache;
    const dictionary = this.dictionary;
    return (valueId: number): T => {
      // Filled in order up to the id asked for, so the array stays packed (a sparse one is a slow hash map).
      while (values.length <= valueId) values.push(compute(dictionary[values.length]!));
      return values[valueId]!;
    };
  }

  /** Term frequency of a value among the stored non-null values. */
  frequency(valueId: number): number {
    return this.nonNullCount === 0 ? 0 : (this.counts[valueId] ?? 0) / this.nonNullCount;
  }
}

export class RecordStore {
  readonly ids: string[] = [];
  readonly sources: (string | null)[] = [];
  readonly updatedAt: (string | null)[] = [];
  readonly columns: Record<StandardField, FieldColumn>;
  private readonly positionOfId = new Map<string, number>();

  constructor() {
    this.columns = Object.fromEntries(STANDARD_FIELDS.map((f) => [f, new FieldColumn()])) as Record<StandardField, FieldColumn>;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Appends a record and returns its position; record ids must be unique within the store. */
  add(record: StandardRecord): number {
    if (this.positionOfId.has(record.id)) throw new Error(`duplicate record id "${record.id}"`);
    const position = this.ids.length;
    this.positionOfId.set(record.id, position);
    this.ids.push(record.id);
    this.sources.push(record.source);
    this.updatedAt.push(record.updatedAt);
    for (const field of STANDARD_FIELDS) this.columns[field].push(record[field]);
    return position;
  }

  /** Appends a chunk of standardized records in columnar form (see parallel/columnar.ts). */
  appendColumnar(chunk: ColumnarChunk): void {
    chunk.ids.forEach((id, i) => {
      if (this.positionOfId.has(id)) throw new Error(`duplicate record id "${id}"`);
      this.positionOfId.set(id, this.ids.length);
      this.ids.push(id);
      this.sources.push(chunk.sources[i] ?? null);
      this.updatedAt.push(chunk.updatedAt[i] ?? null);
    });
    for (const field of STANDARD_FIELDS) this.columns[field].appendLocal(chunk.fields[field].ids, chunk.fields[field].dictionary);
  }

  /** Removes the most recently added record. */
  removeLast(): void {
    const id = this.ids.pop();
    if (id === undefined) return;
    this.positionOfId.delete(id);
    this.sources.pop();
    this.updatedAt.pop();
    for (const field of STANDARD_FIELDS) this.columns[field].pop();
  }

  positionOf(id: string): number | undefined {
    return this.positionOfId.get(id);
  }

  value(position: number, field: StandardField): string | null {
    const column = this.columns[field];
    const id = column.valueOf[position];
    return id === undefined || id === NULL_VALUE ? null : column.dictionary[id]!;
  }

  record(position: number): StandardRecord {
    const record = { id: this.ids[position]!, source: this.sources[position] ?? null, updatedAt: this.updatedAt[position] ?? null } as StandardRecord;
    for (const field of STANDARD_FIELDS) record[field] = this.value(position, field);
    return record;
  }

  /** Share of records with a value in the field: decides which comparisons a dataset supports. */
  fillRate(field: StandardField): number {
    return this.size === 0 ? 0 : this.columns[field].nonNullCount / this.size;
  }
}
