import { describe, expect, it } from "vitest";
import {
  computeAuc,
  computeCalibrationError,
  computeCalibrationTable,
  computeLift,
  computeLogLoss,
  evaluateProbabilities,
} from "./metrics";

describe("computeAuc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one and 0.5 for all ties", () => {
    expect(computeAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(computeAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(computeAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });
  it("counts pairs with ties as half: a known ranking", () => {
    // positives 0.8, 0.4; negatives 0.4, 0.3, 0.1. Pairs won: 0.8 beats 3, 0.4 beats 2 and ties 1 -> 5.5 of 6.
    expect(computeAuc([0.8, 0.4, 0.4, 0.3, 0.1], [1, 1, 0, 0, 0])).toBeCloseTo(5.5 / 6, 12);
  });
  it("is not a number when a class is missing", () => {
    expect(computeAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe("log loss, calibration and lift", () => {
  it("computes log loss", () => {
    expect(computeLogLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 12);
    expect(computeLogLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });
  it("bins predictions and compares with what happened", () => {
    const table = computeCalibrationTable([0.05, 0.05, 0.95, 0.95, 0.95, 0.95], [0, 0, 1, 1, 1, 0]);
    expect(table).toEqual([
      { from: 0, to: 0.1, count: 2, meanPredicted: 0.05, observedRate: 0 },
      { from: 0.9, to: 1, count: 4, meanPredicted: 0.95, observedRate: 0.75 },
    ]);
    expect(computeCalibrationError(table)).toBeCloseTo((2 * 0.05 + 4 * 0.2) / 6, 12);
  });
  it("measures lift in the top decile", () => {
    // 20 people, 4 positives (base 0.2); the top 2 scores are both positive: lift 1 / 0.2 = 5.
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = Array.from({ length: 20 }, (_, i) => (i < 2 || i === 10 || i === 15 ? 1 : 0));
    expect(computeLift(scores, labels)).toBe(5);
    const metrics = evaluateProbabilities(
      scores.map((s) => s / 21),
      labels,
    );
    expect(metrics.positives).toBe(4);
    expect(metrics.baseRate).toBe(0.2);
    expect(metrics.liftTopDecile).toBe(5);
  });
});
