import { describe, expect, it } from "vitest";
import { applyCalibrator, fitIsotonic, fitPlatt } from "./calibration";
import { sigmoid } from "./logistic";
import { computeCalibrationError, computeCalibrationTable } from "./metrics";
import { seededRandom } from "./synthetic";

function overconfident(n: number, seed: number) {
  // True probability sigmoid(score / 3): a raw score three times too sure of itself.
  const random = seededRandom(seed);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = random() * 12 - 6;
    scores.push(s);
    labels.push(random() < sigmoid(s / 3 + 0.5) ? 1 : 0);
  }
  return { scores, labels };
}

describe("calibration", () => {
  it("Platt scaling recovers the slope and offset, and makes predictions agree with outcomes", () => {
    const fit = overconfident(30_000, 1);
    const platt = fitPlatt(fit.scores, fit.labels);
    expect(platt.kind).toBe("platt");
    if (platt.kind !== "platt") return;
    expect(platt.a).toBeCloseTo(1 / 3, 1);
    expect(platt.b).toBeCloseTo(0.5, 1);
    const test = overconfident(30_000, 2);
    const raw = computeCalibrationError(computeCalibrationTable(test.scores.map(sigmoid), test.labels));
    const calibrated = computeCalibrationError(
      computeCalibrationTable(
        test.scores.map((s) => applyCalibrator(platt, s)),
        test.labels,
      ),
    );
    expect(raw).toBeGreaterThan(0.05);
    expect(calibrated).toBeLessThan(0.02);
  });

  it("isotonic regression is a non-decreasing step function that pools violators", () => {
    const iso = fitIsotonic([1, 2, 3, 4, 5, 6], [0, 1, 0, 0, 1, 1]);
    if (iso.kind !== "isotonic") throw new Error("expected isotonic");
    // Blocks: {1}=0, {2,3,4}=1/3, {5,6}=1, each shrunk as (sum + 0.5) / (count + 1).
    expect(iso.x).toEqual([1, 2, 5]);
    expect(iso.y).toEqual([0.5 / 2, 1.5 / 4, 2.5 / 3]);
    expect(applyCalibrator(iso, 0)).toBe(0.25);
    expect(applyCalibrator(iso, 3.5)).toBe(1.5 / 4);
    expect(applyCalibrator(iso, 99)).toBe(2.5 / 3);
    const test = overconfident(20_000, 3);
    const big = fitIsotonic(test.scores, test.labels);
    const probabilities = [-6, -3, 0, 3, 6].map((s) => applyCalibrator(big, s));
    for (let i = 1; i < probabilities.length; i++)
      expect(probabilities[i]!).toBeGreaterThanOrEqual(probabilities[i - 1]!);
  });
});
