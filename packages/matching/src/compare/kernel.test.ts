// The kernel must give exactly the reference levels (compileComparison) and the scorer exactly the reference
// weights, on random records drawn from small pools so that equal, near, nickname, swapped and null values meet.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createModel, levelWeight, probabilityToWeight } from "../model/model";
import { PairScorer } from "../model/scorer";
import type { StandardRecord } from "../standardize/record";
import { RecordStore } from "../store";
import { compileComparison, EXACT_LEVEL, type ComparisonSpec } from "./comparisons";
import { compileKernel, PairVerdictCache } from "./kernel";

const NAMES = [
  "robert",
  "bob",
  "rob",
  "roberta",
  "robbert",
  "hall",
  "isla",
  "jon",
  "john",
  "jonathan",
  "kathryn",
  "catherine",
  "katherine",
  "smith",
  "smyth",
  "schmidt",
  "liz",
  "elizabeth",
  "zoe",
  "o",
];
const DATES = [
  "1980-03-04",
  "1980-04-03",
  "1980-03-05",
  "1981-03-04",
  "1990-03-04",
  "1930-12-31",
  "2000-02-29",
  "1908-03-04",
];
const EMAILS = ["js@x.com", "jx@x.com", "sj@x.com", "js@x.co", "mary@y.org"];
const PHONES = ["+12025550143", "+12025550144", "+13035550143", "+12025551043", "+442079460958"];
const STREETS = ["main street", "main st", "maine street", "oak road", "north main street"];
const NUMBERS = ["1", "12", "21", "12a"];
const POSTCODES = ["10001", "10002", "10010", "90210", "TQ138DF", "TQ13"];
const CITIES = ["boston", "bostn", "austin"];
const IDS = ["123456789", "123456780", "987654321"];

const maybe = (pool: string[]) => fc.option(fc.constantFrom(...pool), { nil: null, freq: 4 });
const recordArbitrary = fc.record({
  firstName: maybe(NAMES),
  middleName: maybe(NAMES),
  lastName: maybe(NAMES),
  nameSuffix: maybe(["jr", "sr", "ii"]),
  dob: maybe(DATES),
  gender: maybe(["m", "f"]),
  email: maybe(EMAILS),
  phone: maybe(PHONES),
  streetNumber: maybe(NUMBERS),
  street: maybe(STREETS),
  unit: maybe(["4b"]),
  city: maybe(CITIES),
  state: maybe(["ma", "tx"]),
  postcode: maybe(POSTCODES),
  country: maybe(["us"]),
  nationalId: maybe(IDS),
});

const SPECS: ComparisonSpec[] = [
  {
    name: "first_name",
    kind: "name",
    field: "firstName",
    nicknames: true,
    termFrequency: true,
    swappedWith: "lastName",
  },
  { name: "last_name", kind: "name", field: "lastName", termFrequency: true, swappedWith: "firstName" },
  { name: "middle", kind: "name", field: "middleName" },
  { name: "dob", kind: "date", field: "dob" },
  { name: "gender", kind: "exact", field: "gender" },
  { name: "email", kind: "email", field: "email" },
  { name: "phone", kind: "phone", field: "phone" },
  { name: "name_suffix", kind: "exact", field: "nameSuffix" },
  { name: "address", kind: "address", field: "street" },
  { name: "national_id", kind: "id", field: "nationalId" },
  { name: "city", kind: "string", field: "city" },
  { name: "postcode", kind: "postcode", field: "postcode" },
  { name: "number", kind: "numeric", field: "streetNumber" },
];

function storeOf(records: Omit<StandardRecord, "id" | "source" | "updatedAt">[]): RecordStore {
  const store = new RecordStore();
  records.forEach((r, i) => store.add({ id: `r${i}`, source: null, updatedAt: null, ...r }));
  return store;
}

describe("comparison kernel", () => {
  it("gives the reference level for every comparison and every pair, both ways round", () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 2, maxLength: 30 }), (records) => {
        const store = storeOf(records);
        for (const spec of SPECS) {
          const reference = compileComparison(spec, store);
          const kernel = compileKernel(spec, store);
          for (let a = 0; a < store.size; a++) {
            for (let b = 0; b < store.size; b++) {
              if (kernel(store.rows, a * 16, b * 16) !== reference(a, b))
                expect(kernel(store.rows, a * 16, b * 16), `${spec.name} ${a} ${b}`).toBe(reference(a, b));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("stays right while the store grows and shrinks under it (the resident index)", () => {
    fc.assert(
      fc.property(
        fc.array(recordArbitrary, { minLength: 2, maxLength: 12 }),
        fc.array(recordArbitrary, { minLength: 1, maxLength: 12 }),
        (first, later) => {
          const store = storeOf(first);
          const pairs = SPECS.map(
            (spec) => [compileComparison(spec, store), compileKernel(spec, store)] as const,
          );
          const check = () => {
            for (const [reference, kernel] of pairs) {
              for (let a = 0; a < store.size; a++)
                for (let b = 0; b < store.size; b++)
                  if (kernel(store.rows, a * 16, b * 16) !== reference(a, b))
                    expect(kernel(store.rows, a * 16, b * 16)).toBe(reference(a, b));
            }
          };
          check();
          later.forEach((r, i) => {
            store.add({ id: `t${i}`, source: null, updatedAt: null, ...r });
            check();
            if (i % 2 === 0) store.removeLast();
          });
          check();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("scores exactly the reference weight (levels, weights and term-frequency adjustments)", () => {
    fc.assert(
      fc.property(
        fc.array(recordArbitrary, { minLength: 2, maxLength: 25 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (records, m) => {
          const store = storeOf(records);
          const model = createModel(SPECS, []);
          // Skewed m and u so that every level has its own weight.
          model.comparisons.forEach((c, k) =>
            c.levels.forEach(
              (level, l) => l > 0 && ((level.m = (m * (l + k)) % 1 || 0.5), (level.u = 1 / (l + 2))),
            ),
          );
          const scorer = new PairScorer(model, store);
          const references = SPECS.map((spec) => compileComparison(spec, store));
          for (let a = 0; a < store.size; a++) {
            for (let b = 0; b < store.size; b++) {
              let expected = probabilityToWeight(model.probabilityTwoRandomRecordsMatch);
              references.forEach((reference, k) => {
                const level = reference(a, b);
                expected += levelWeight(model.comparisons[k]!.levels[level]!);
                const spec = SPECS[k]!;
                if (level === EXACT_LEVEL && spec.termFrequency) {
                  const column = store.columns[spec.field];
                  const tf =
                    Math.max(column.counts[column.valueOf[a]!]!, 2) / Math.max(column.nonNullCount, 2);
                  expected += Math.log2(model.comparisons[k]!.levels[EXACT_LEVEL]!.u! / tf);
                }
              });
              expect(scorer.score(a, b)).toBe(expected);
              expect(scorer.weightOfPattern(scorer.pattern(a, b), a)).toBeCloseTo(expected, 9);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("PairVerdictCache", () => {
  it("returns the verdict stored for a pair or 255 (unknown, or forgotten when the table was emptied), never another pair's", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5000), fc.nat(5000)), { maxLength: 3000 }), (entries) => {
        const cache = new PairVerdictCache(4, 8);
        const verdict = (a: number, b: number) => (a * 31 + b) % 255;
        for (const [x, y] of entries) {
          const [a, b] = x <= y ? [x, y] : [y, x];
          const before = cache.get(a, b);
          if (before !== 255) expect(before).toBe(verdict(a, b));
          else cache.set(a, b, verdict(a, b));
          expect(cache.get(a, b)).toBe(verdict(a, b));
        }
        expect(cache.get(999_999, 999_999)).toBe(255);
      }),
      { numRuns: 50 },
    );
  });
});
