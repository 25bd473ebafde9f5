import { describe, expect, it } from "vitest";
import { fitLogistic, sigmoid, solveSymmetric } from "./logistic";
import { seededRandom } from "./synthetic";

describe("solveSymmetric", () => {
  it("solves a positive-definite system", () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const x = solveSymmetric(a, Float64Array.from([1, 2, 3]), 3);
    const back = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + a[i * 3 + j]! * x[j]!, 0));
    back.forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3][i]!, 10));
  });
});

describe("fitLogistic", () => {
  it("recovers the coefficients that generated the labels", () => {
    const random = seededRandom(9);
    const n = 40_000;
    const x = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i * 2] = random() * 4 - 2;
      x[i * 2 + 1] = random() * 4 - 2;
      y[i] = random() < sigmoid(-0.5 + 1.5 * x[i * 2]! - 0.8 * x[i * 2 + 1]!) ? 1 : 0;
    }
    const fit = fitLogistic(x, y, n, 2, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-0.5, 1);
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(-0.8, 1);
  });
  it("shrinks the weights as the penalty grows and stays finite on separable data", () => {
    const x = Float64Array.from([-2, -1, 1, 2]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const weak = fitLogistic(x, y, 4, 1, { l2: 0.01 });
    const strong = fitLogistic(x, y, 4, 1, { l2: 1 });
    expect(Number.isFinite(weak.weights[0]!)).toBe(true);
    expect(strong.weights[0]!).toBeGreaterThan(0);
    expect(strong.weights[0]!).toBeLessThan(weak.weights[0]!);
  });
});
