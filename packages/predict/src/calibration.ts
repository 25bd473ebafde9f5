// Turning a model's score into a probability that means what it says, fitted on rows the model did not learn from.
import { fitLogistic, sigmoid } from "./logistic";

export type Calibrator =
  | { kind: "platt"; a: number; b: number }
  /** Isotonic: a step function, `x` ascending thresholds of the raw score, `y` the probability from each on. */
  | { kind: "isotonic"; x: number[]; y: number[] };

/** Platt scaling: P = sigmoid(a * score + b), fitted by logistic regression of the labels on the raw score. */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  const n = scores.length;
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = scores[i]!;
    y[i] = labels[i] === 1 ? 1 : 0;
  }
  const fit = fitLogistic(x, y, n, 1, { l2: 1e-6, maxIterations: 50 });
  return { kind: "platt", a: fit.weights[0]!, b: fit.intercept };
}

/** Isotonic regression by pool-adjacent-violators: the best non-decreasing step function of the score. */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const starts: number[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  for (const i of order) {
    starts.push(scores[i]!);
    sums.push(labels[i]!);
    counts.push(1);
    while (sums.length > 1) {
      const last = sums.length - 1;
      if (sums[last - 1]! / counts[last - 1]! < sums[last]! / counts[last]!) break; // equal blocks pool too
      sums[last - 1]! += sums[last]!;
      counts[last - 1]! += counts[last]!;
      sums.pop();
      counts.pop();
      starts.pop();
    }
  }
  // Shrink each block's rate a little towards 0.5 so no probability is exactly 0 or 1.
  return { kind: "isotonic", x: starts, y: sums.map((s, i) => (s + 0.5) / (counts[i]! + 1)) };
}

export function applyCalibrator(calibrator: Calibrator, score: number): number {
  if (calibrator.kind === "platt") return sigmoid(calibrator.a * score + calibrator.b);
  const { x, y } = calibrator;
  if (x.length === 0) return 0.5;
  let lo = 0;
  let hi = x.length - 1;
  if (score < x[0]!) return y[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid - 1;
  }
  return y[lo]!;
}
