// The exact-key rules baseline the engine is measured against: records sharing an email, a phone, or first name +
// last name + date of birth (each standardized first, so the baseline is not handicapped by casing) are one entity.
import type { InputRecord } from "../src/fields";
import { standardizeRecord } from "../src/standardize/record";

export function exactKeyBaseline(records: readonly InputRecord[]): string[] {
  const parent = records.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const firstWithKey = new Map<string, number>();
  records.forEach((record, i) => {
    const std = standardizeRecord(record);
    const keys = [
      std.email && `email:${std.email}`,
      std.phone && `phone:${std.phone}`,
      std.firstName && std.lastName && std.dob && `name+dob:${std.firstName}|${std.lastName}|${std.dob}`,
    ];
    for (const key of keys) {
      if (!key) continue;
      const other = firstWithKey.get(key);
      if (other === undefined) firstWithKey.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  return records.map((_, i) => records[find(i)]!.record_id);
}
