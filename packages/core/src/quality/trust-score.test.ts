import { describe, expect, it } from "vitest";
import { computeTrustScore, DIMENSION_WEIGHTS } from "./trust-score";

describe("Data Trust Score", () => {
  it("weights rules within a dimension, then dimensions by their documented weights", () => {
    const { trustScore, dimensions } = computeTrustScore([
      { dimension: "completeness", weight: 1, score: 1, checked: 10 },
      { dimension: "completeness", weight: 3, score: 0.6, checked: 10 },
      { dimension: "validity", weight: 2, score: 0.7, checked: 10 },
    ]);
    expect(dimensions.completeness).toBeCloseTo((1 + 3 * 0.6) / 4, 12);
    expect(dimensions.validity).toBeCloseTo(0.7, 12);
    expect(dimensions.uniqueness).toBeNull();
    const w = DIMENSION_WEIGHTS;
    expect(trustScore).toBeCloseTo(
      (100 * (w.completeness * 0.7 + w.validity * 0.7)) / (w.completeness + w.validity),
      12,
    );
  });

  it("leaves out rules that measured nothing or weigh nothing, and is null with nothing measured", () => {
    expect(computeTrustScore([]).trustScore).toBeNull();
    expect(
      computeTrustScore([{ dimension: "freshness", weight: 1, score: 0, checked: 0 }]).trustScore,
    ).toBeNull();
    const { trustScore } = computeTrustScore([
      { dimension: "uniqueness", weight: 0, score: 0, checked: 5 },
      { dimension: "uniqueness", weight: 1, score: 0.9, checked: 5 },
    ]);
    expect(trustScore).toBeCloseTo(90, 12);
  });

  it("is 100 when every dimension is perfect", () => {
    const dims = ["completeness", "validity", "uniqueness", "consistency", "freshness"] as const;
    expect(
      computeTrustScore(dims.map((dimension) => ({ dimension, weight: 1, score: 1, checked: 1 }))).trustScore,
    ).toBe(100);
  });
});
