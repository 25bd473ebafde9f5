// Standardized records as columns of local value ids with their dictionaries: the form worker threads hand back.
import { STANDARD_FIELDS, type StandardField, type StandardRecord } from "../standardize/record";

export interface ColumnarChunk {
  ids: string[];
  sources: (string | null)[];
  updatedAt: (string | null)[];
  fields: Record<StandardField, { ids: Int32Array; dictionary: string[] }>;
}

export function columnarChunk(records: readonly StandardRecord[]): ColumnarChunk {
  const fields = {} as ColumnarChunk["fields"];
  for (const field of STANDARD_FIELDS) {
    const index = new Map<string, number>();
    const dictionary: string[] = [];
    const ids = new Int32Array(records.length);
    records.forEach((record, i) => {
      const value = record[field];
      if (value === null) {
        ids[i] = -1;
        return;
      }
      let id = index.get(value);
      if (id === undefined) {
        id = dictionary.length;
        index.set(value, id);
        dictionary.push(value);
      }
      ids[i] = id;
    });
    fields[field] = { ids, dictionary };
  }
  return {
    ids: records.map((r) => r.id),
    sources: records.map((r) => r.source),
    updatedAt: records.map((r) => r.updatedAt),
    fields,
  };
}
