import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BlockIndex } from "./block-index";
import { blockingKeyFunction, type BlockingRule } from ".";
import { STANDARD_FIELDS, type StandardRecord } from "../standardize/record";
import { RecordStore } from "../store";

const rules: BlockingRule[] = [
  { name: "email", parts: [{ field: "email" }] },
  { name: "last_name+dob", parts: [{ field: "lastName", transform: "metaphone" }, { field: "dob" }] },
  { name: "first_initial", parts: [{ field: "firstName", transform: "initial" }] },
  {
    name: "three parts",
    parts: [
      { field: "lastName", transform: "prefix3" },
      { field: "firstName", transform: "formal" },
      { field: "postcode" },
    ],
  },
];

function record(id: string, fields: Partial<StandardRecord>): StandardRecord {
  const base = Object.fromEntries(STANDARD_FIELDS.map((f) => [f, null])) as unknown as StandardRecord;
  return { ...base, ...fields, id, source: "crm", updatedAt: null };
}

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const arbitraryRecord = fc.record({
  email: pick(["a@x.com", "b@x.com", "c@x.com", null]),
  lastName: pick(["smith", "smyth", "jones", "johnson", ""]),
  firstName: pick(["william", "bill", "will", "anna", null]),
  dob: pick(["1980-01-01", "1980-01-02", null]),
  postcode: pick(["2000", "2001"]),
});
/** Add a new record, remove one that is placed, or place again one that was removed. */
const arbitraryStep = fc.oneof(
  arbitraryRecord.map((fields) => ({ kind: "add" as const, fields })),
  fc.nat().map((n) => ({ kind: "remove" as const, n })),
  fc.nat().map((n) => ({ kind: "replace" as const, n })),
);

describe("BlockIndex", () => {
  it("holds the blocks a map of key strings would, in the same order, with the same size counts", () => {
    fc.assert(
      fc.property(fc.array(arbitraryStep, { maxLength: 120 }), (steps) => {
        const store = new RecordStore();
        const index = new BlockIndex(rules, store, { countSizesUpTo: 3 });
        const keyOf = rules.map((rule) => blockingKeyFunction(rule, store));
        const placed: number[] = [];
        for (const step of steps) {
          if (step.kind === "add") {
            const position = store.add(record(`r${store.size}`, step.fields));
            index.add(position);
            placed.push(position);
          } else if (placed.length > 0) {
            const [position] = placed.splice(step.n % placed.length, 1);
            index.remove(position!);
            if (step.kind === "replace") {
              index.add(position!);
              placed.push(position!);
            }
          }
        }
        rules.forEach((_, r) => {
          const reference = new Map<string, number[]>();
          for (const position of placed.slice().sort((a, b) => a - b)) {
            const key = keyOf[r]!(position);
            if (key !== null) reference.set(key, [...(reference.get(key) ?? []), position]);
          }
          // Order within a block is the order records were (last) added.
          const addedOrder = new Map(placed.map((p, i) => [p, i]));
          for (const members of reference.values())
            members.sort((a, b) => addedOrder.get(a)! - addedOrder.get(b)!);
          for (let position = 0; position < store.size; position++) {
            const key = keyOf[r]!(position);
            const block = index.blockOf(r, position);
            if (key === null) {
              expect(block).toBe(-1);
              continue;
            }
            const expected = reference.get(key) ?? [];
            if (block < 0) expect(expected).toEqual([]);
            else {
              expect(index.members(r, block)).toEqual(expected);
              expect(index.blockSize(r, block)).toBe(expected.length);
            }
          }
          const counts = new Int32Array(5);
          for (const members of reference.values()) counts[Math.min(members.length, 4)]!++;
          counts[0] = 0;
          expect([...index.sizeCounts[r]!]).toEqual([...counts]);
        });
        for (let position = 0; position < store.size; position++)
          expect(index.isPlaced(position)).toBe(placed.includes(position));
      }),
      { numRuns: 200 },
    );
  });

  it("finds the block of a record that is not placed, without making one for a new key", () => {
    const store = new RecordStore();
    const index = new BlockIndex(rules, store);
    index.add(store.add(record("a", { email: "a@x.com", lastName: "smith", dob: "1980-01-01" })));
    const staged = store.add(record("b", { email: "a@x.com", lastName: "smyth", dob: "1980-01-02" }));
    expect(index.members(0, index.blockOf(0, staged))).toEqual([0]);
    expect(index.blockOf(1, staged)).toBe(-1);
    index.add(staged);
    expect(index.members(0, index.blockOf(0, staged))).toEqual([0, 1]);
    expect(index.members(1, index.blockOf(1, staged))).toEqual([1]);
  });

  it("grows past its first capacity", () => {
    const store = new RecordStore();
    const index = new BlockIndex(rules.slice(0, 1), store, { countSizesUpTo: 10 });
    for (let i = 0; i < 5000; i++) index.add(store.add(record(`r${i}`, { email: `${i % 2500}@x.com` })));
    expect(index.sizeCounts[0]![2]).toBe(2500);
    expect(index.members(0, index.blockOf(0, 4999))).toEqual([2499, 4999]);
    for (let i = 0; i < 2500; i++) index.remove(i);
    expect([...index.sizeCounts[0]!.subarray(0, 3)]).toEqual([0, 2500, 0]);
    expect(index.changes).toBe(7500);
  });
});
