import { describe, expect, it } from "vitest";
import { explainPair, formatExplanation } from "./explain";
import { PairScorer } from "./model/scorer";
import { resolveRecords } from "./resolve";
import { generateCustomers } from "./synthetic/generate";

describe("explainPair", () => {
  const { records, personIds } = generateCustomers({ persons: 300, seed: 9 });
  const resolution = resolveRecords(records, { uSampleSize: 50_000 });
  const scorer = new PairScorer(resolution.model, resolution.store);

  it("adds up, term by term, to the pair's match weight", () => {
    for (let i = 0; i < Math.min(resolution.scored.length, 200); i++) {
      const a = resolution.scored.a[i]!;
      const b = resolution.scored.b[i]!;
      const explanation = explainPair(scorer, a, b);
      const sum = explanation.terms.reduce(
        (s, t) => s + t.weight + t.termFrequencyAdjustment,
        explanation.priorWeight,
      );
      expect(sum).toBeCloseTo(explanation.totalWeight, 9);
      expect(explanation.totalWeight).toBeCloseTo(resolution.scored.weight[i]!, 9);
      expect(explanation.terms.map((t) => t.comparison)).toEqual(
        resolution.model.comparisons.map((c) => c.spec.name),
      );
    }
  });

  it("names the level and the values compared, and reads as a waterfall", () => {
    const same = records.findIndex((_, i) => i > 0 && personIds[i] === personIds[i - 1]);
    const explanation = explainPair(scorer, same - 1, same);
    const firstName = explanation.terms.find((t) => t.comparison === "first_name")!;
    expect(typeof firstName.level).toBe("string");
    const text = formatExplanation(explanation);
    expect(text).toContain("prior");
    expect(text).toMatch(/total -?\d+\.\d+ bits, probability/);
  });
});
