import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  damerauLevenshtein,
  differOnlyInDigits,
  jaro,
  jaroWinkler,
  levenshtein,
  withinOneEdit,
} from "./string-distance";

// A plain textbook DP, to check the optimized versions against.
function referenceOsa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ maxLength: 12 });
const smallAlphabet = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 8 });

describe("string distances", () => {
  it("match published Jaro-Winkler values", () => {
    expect(jaro("martha", "marhta")).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler("", "")).toBe(1);
    expect(jaroWinkler("abc", "")).toBe(0);
  });

  it("are symmetric and in range", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const jw = jaroWinkler(a, b);
        expect(jw).toBeGreaterThanOrEqual(0);
        expect(jw).toBeLessThanOrEqual(1 + 1e-12);
        expect(jw).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
        expect(levenshtein(a, b)).toBe(levenshtein(b, a));
        expect(withinOneEdit(a, b)).toBe(withinOneEdit(b, a));
        expect(jaroWinkler(a, a)).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });

  it("agree with the textbook edit distances", () => {
    fc.assert(
      fc.property(smallAlphabet, smallAlphabet, (a, b) => {
        const osa = referenceOsa(a, b);
        expect(damerauLevenshtein(a, b)).toBe(osa);
        expect(withinOneEdit(a, b)).toBe(osa <= 1);
        expect(levenshtein(a, b)).toBeGreaterThanOrEqual(osa);
      }),
      { numRuns: 2000 },
    );
  });

  it("differOnlyInDigits: the same text once digits are left out, and not equal", () => {
    expect(differOnlyInDigits("streamtest7", "streamtest8")).toBe(true);
    expect(differOnlyInDigits("zed.stream7@x.org", "zed.stream12@x.org")).toBe(true);
    expect(differOnlyInDigits("zed.stream@x.org", "zed.stream7@x.org")).toBe(true);
    expect(differOnlyInDigits("7a", "a")).toBe(true);
    expect(differOnlyInDigits("streamtest7", "streamtest7")).toBe(false);
    expect(differOnlyInDigits("streamtest7", "streamtast7")).toBe(false);
    expect(differOnlyInDigits("abc", "abd")).toBe(false);
    const digitless = (s: string) => s.replace(/[0-9]/g, "");
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "1", "2"), maxLength: 8 }),
        fc.string({ unit: fc.constantFrom("a", "b", "1", "2"), maxLength: 8 }),
        (a, b) => {
          expect(differOnlyInDigits(a, b)).toBe(a !== b && digitless(a) === digitless(b));
        },
      ),
    );
  });
});
