import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { generateCandidatePairs, IntPairIds, type BlockingRule } from ".";
import { standardizeRecord } from "../standardize/record";
import { RecordStore } from "../store";

function storeOf(rows: Record<string, string>[]): RecordStore {
  const store = new RecordStore();
  rows.forEach((row, i) => store.add(standardizeRecord({ record_id: String(i), ...row })));
  return store;
}

const rules: BlockingRule[] = [
  { name: "email", parts: [{ field: "email" }] },
  { name: "last_name+dob", parts: [{ field: "lastName" }, { field: "dob" }] },
];

function pairsOf(result: ReturnType<typeof generateCandidatePairs>): string[] {
  return Array.from({ length: result.length }, (_, i) => `${result.a[i]}-${result.b[i]}`).sort();
}

describe("blocking", () => {
  it("unions rules and produces each pair once", () => {
    const store = storeOf([
      { email: "a@x.com", last_name: "Smith", dob: "1980-01-01" },
      { email: "A@X.COM", last_name: "smith", dob: "1/1/1980" },
      { email: "c@x.com", last_name: "Smith", dob: "1980-01-01" },
      { email: "d@x.com", last_name: "Jones", dob: "1980-01-01" },
    ]);
    const result = generateCandidatePairs(store, rules);
    expect(pairsOf(result)).toEqual(["0-1", "0-2", "1-2"]);
    expect(result.reports.map((r) => r.pairs)).toEqual([1, 2]);
  });

  it("skips an exploding block and rule with a warning naming the rule and the bound", () => {
    const store = storeOf(
      Array.from({ length: 30 }, (_, i) => ({ email: "same@x.com", last_name: `n${i}`, dob: "1980-01-01" })),
    );
    const bySize = generateCandidatePairs(store, rules.slice(0, 1), { maxBlockSize: 10 });
    expect(bySize.length).toBe(0);
    expect(bySize.warnings[0]).toMatch(/"email".*larger than 10 records/);
    const looseRule: BlockingRule = { ...rules[0]!, ifTooLarge: "skip" };
    const byRule = generateCandidatePairs(store, [looseRule], { maxPairsPerRule: 100 });
    expect(byRule.length).toBe(0);
    expect(byRule.reports[0]!.skipped).toBe(true);
    expect(byRule.warnings[0]).toMatch(
      /"email" skipped: it would produce 435 pairs, more than the bound of 100/,
    );
  });

  it("trims a precise rule over the bound by its largest blocks, keeping the small ones", () => {
    const big = Array.from({ length: 20 }, (_, i) => ({ email: "shared@x.com", last_name: `n${i}` }));
    const small = [{ email: "a@x.com" }, { email: "a@x.com" }, { email: "b@x.com" }, { email: "b@x.com" }];
    const result = generateCandidatePairs(storeOf([...big, ...small]), rules.slice(0, 1), {
      maxPairsPerRule: 100,
    });
    expect(pairsOf(result)).toEqual(["20-21", "22-23"]);
    expect(result.warnings[0]).toMatch(
      /"email": 192 pairs exceed the bound of 100; its 1 largest block\(s\) were skipped/,
    );
  });

  it("compares across sources only when linking", () => {
    const store = storeOf([
      { email: "a@x.com", source: "left" },
      { email: "a@x.com", source: "left" },
      { email: "a@x.com", source: "right" },
    ]);
    expect(pairsOf(generateCandidatePairs(store, rules, { linkOnly: true }))).toEqual(["0-2", "1-2"]);
  });
});

describe("IntPairIds", () => {
  it("numbers distinct pairs densely in order of first appearance, as a Map would", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3000), fc.nat(3000)), { maxLength: 5000 }), (pairs) => {
        const table = new IntPairIds(4);
        const reference = new Map<string, number>();
        for (const [a, b] of pairs) {
          const key = `${a},${b}`;
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(table.idOf(a, b)).toBe(reference.get(key));
        }
        expect(table.size).toBe(reference.size);
      }),
      { numRuns: 50 },
    );
  });

  it("finds every pair given an id, and no other, at every step of growing (while pairs move to the larger table)", () => {
    const table = new IntPairIds();
    const reference = new Map<string, number>();
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % 5000;
    // Past three doublings of the smallest table (1,024 slots, grown at half full: at 513, 1,025 and 2,049 pairs).
    for (let n = 0; n < 3000; n++) {
      const [a, b] = [next(), next()];
      const key = `${a},${b}`;
      if (!reference.has(key)) reference.set(key, reference.size);
      expect(table.idOf(a, b)).toBe(reference.get(key));
      // Pairs never added are not found.
      expect(table.find(5000 + n, 0)).toBe(-1);
      expect(table.find(next(), 5000 + n)).toBe(-1);
      // Every pair so far, wherever it is now: every 50 pairs, and after every pair through the third growing.
      if (n % 50 === 0 || n > 2000) {
        for (const [key, id] of reference) {
          const [x, y] = key.split(",").map(Number);
          if (table.find(x!, y!) !== id)
            expect({ key, found: table.find(x!, y!) }).toEqual({ key, found: id });
        }
      }
    }
    expect(table.size).toBe(reference.size);
    // Forgotten by reset, and numbered from 0 again.
    table.reset();
    expect(table.size).toBe(0);
    expect(table.find(...([...reference.keys()][0]!.split(",").map(Number) as [number, number]))).toBe(-1);
    expect(table.idOf(1, 2)).toBe(0);
  });
});
