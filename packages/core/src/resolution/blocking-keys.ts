// Blocking keys of stored records, kept in source_records.blocking_keys (GIN-indexed) so the real-time path finds
// an incoming record's candidates with one indexed query instead of holding every record in memory.
import { RecordStore, type MatchModel, type StandardRecord } from "@c360/matching";
import { blockingKeyFunction } from "@c360/matching/blocking";

/** Keys are prefixed with their rule's index: equal values under different rules must not meet. */
export function blockingKeysOfStore(model: MatchModel, store: RecordStore): string[][] {
  const keyFunctions = model.blockingRules.map((rule) => blockingKeyFunction(rule, store));
  const keys: string[][] = [];
  for (let position = 0; position < store.size; position++) {
    const recordKeys: string[] = [];
    keyFunctions.forEach((keyOf, rule) => {
      const key = keyOf(position);
      if (key !== null) recordKeys.push(`${rule}:${key}`);
    });
    keys.push(recordKeys);
  }
  return keys;
}

export function blockingKeysOf(model: MatchModel, record: StandardRecord): string[] {
  const store = new RecordStore();
  store.add(record);
  return blockingKeysOfStore(model, store)[0]!;
}
