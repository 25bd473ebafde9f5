// What stewards' answers teach the model (decision 0106): where the boundary lies (the calibration of the model's
// probabilities: intercept and the name gate's shift, fitCalibration) and, per comparison level, how much more (or
// less) evidence that level is for one person than the unsupervised estimates say. The level layer: a logistic
// regression on the answers whose offset is the model's calibrated match weight and whose coefficients are shifts
// (bits) of each level's weight, the intercept and the name gate's shift, each pulled toward zero by a Gaussian
// prior: 200 answers near the boundary move the levels they say something about and leave the rest, and a level seen in three answers moves little.
// Discriminative on purpose: stewards answer the pairs the queue picked (near the boundary, mostly kept apart), so
// frequencies among their matches (estimateMFromLabels) would describe the queue, not matches; the probability of a
// match given the comparison levels is what the queue's selection does not bias.
import { fitCalibration, IDENTITY_CALIBRATION, type Calibration } from "../decide/review-band";
import type { RecordStore } from "../store";
import { probabilityToWeight, type MatchModel } from "./model";
import { PairScorer } from "./scorer";

export interface LabelledPositions {
  /** Store positions of the two records. */
  a: number;
  b: number;
  match: boolean;
}

export interface LabelLearningOptions {
  /** Prior standard deviation (bits) of a level's shift: how far answers may move one level's weight (0: none). */
  levelPriorBits?: number;
  /** Prior standard deviation (bits) of the level layer's own shift of the intercept and of the gate's shift. */
  shiftPriorBits?: number;
  /** Answers about pairs more than this many bits below the match threshold are not read for the threshold. */
  windowBits?: number;
  /** Fewer answers than this, or fewer than minEachKind of either answer: nothing is learnt (the identity). */
  minLabels?: number;
  minEachKind?: number;
}

export const DEFAULT_LABEL_LEARNING = {
  // One bit of prior spread per level: measured on the wide table (bench/active-learning.ts, decision 0106), 200
  // answers with the level layer raised F1 on records they did not touch more than the threshold alone on average.
  levelPriorBits: 1,
  shiftPriorBits: 2,
  windowBits: 8,
  minLabels: 20,
  minEachKind: 5,
} as const satisfies Required<LabelLearningOptions>;

/**
 * Fits the calibration stewards' answers give a model: slope, intercept (they move the match threshold,
 * calibratedMatchWeight), with levelPriorBits > 0 per-level shifts (bits, added to the levels' weights by the
 * scorer), an intercept (moves the match threshold, calibratedMatchWeight) and a shift for pairs the name gate
 * holds (the review band's probability). The model's own calibration is ignored: answers are always fitted against
 * the unsupervised weights, so applying the result twice teaches nothing twice.
 */
export function learnFromLabels(
  model: MatchModel,
  store: RecordStore,
  labelled: readonly LabelledPositions[],
  options: LabelLearningOptions = {},
): Calibration {
  const settings = { ...DEFAULT_LABEL_LEARNING, ...options };
  const matches = labelled.filter((l) => l.match).length;
  if (
    labelled.length < settings.minLabels ||
    matches < settings.minEachKind ||
    labelled.length - matches < settings.minEachKind
  )
    return IDENTITY_CALIBRATION;
  const scorer = new PairScorer({ ...model, calibration: null }, store);
  // Answers are read for the decision they could change. Pairs the name gate held teach the gate's shift; the other
  // pairs teach the threshold only where the threshold kept them apart (weight below it): a pair above it was held
  // apart by the clustering's guard (decision 0102), and its answer says nothing about where the threshold lies
  // (counted in, such pairs, mostly two people, pulled the threshold up while the pairs below it, mostly one person,
  // asked for it lower); nor does a pair far below it (windowBits): a steward who links two records that share
  // little speaks of those two, and a shift fitted to explain them would link strangers by the thousand.
  const threshold = probabilityToWeight(model.matchThreshold);
  const informative = labelled.flatMap((l) => {
    const weight = scorer.score(l.a, l.b);
    const gated = !scorer.passesNameGate(l.a, l.b);
    const near = weight < threshold && weight >= threshold - settings.windowBits;
    return (gated && weight >= threshold - settings.windowBits) || near
      ? [{ a: l.a, b: l.b, weight, gated, match: l.match }]
      : [];
  });
  // First the calibration (intercept, gate shift: fitCalibration), which says how far the threshold is off; then,
  // on top of it, what particular levels say: shifts of the intercept, the gate shift and each (comparison, level):
  // parameters 0, 1, then one per level.
  const base = fitCalibration(informative, settings.minLabels);
  if (!(settings.levelPriorBits > 0) || base.labels === 0) return base;
  const offsets: number[] = [];
  let size = 2;
  for (const c of model.comparisons) {
    offsets.push(size);
    size += c.levels.length;
  }
  // The level layer reads the same answers as the threshold, for the same reasons.
  const rows = informative.map((l) => {
    const gated = l.gated;
    const offset = calibratedWeight(l.weight, gated, base);
    const active = [0];
    const values = [1];
    if (gated) {
      active.push(1);
      values.push(1);
    }
    scorer.levelFunctions.forEach((level, k) => {
      active.push(offsets[k]! + level(l.a, l.b));
      values.push(1);
    });
    return { offset, active, values, y: l.match ? 1 : 0 };
  });
  // Only parameters some answer touches are fitted; the others stay at the prior's zero.
  const precision = new Float64Array(size).fill(1 / settings.levelPriorBits ** 2);
  precision[0] = precision[1] = 1 / settings.shiftPriorBits ** 2;
  const theta = new Float64Array(size);
  const used = [...new Set(rows.flatMap((r) => r.active))].sort((x, y) => x - y);
  const slot = new Map(used.map((p, i) => [p, i]));
  const D = used.length;
  // Newton's method on the penalised log-likelihood, in bits: P(match) = 1 / (1 + 2^-z), z = offset + sum(theta).
  // Damped: where the model's own probabilities are saturated the curvature vanishes and a full step overshoots, so
  // each step is halved until the objective (concave: the prior sees to it) improves.
  const objective = (t: Float64Array): number => {
    let total = 0;
    for (const p of used) total -= 0.5 * precision[p]! * t[p]! ** 2;
    for (const row of rows) {
      let z = row.offset;
      row.active.forEach((p, j) => (z += t[p]! * row.values[j]!));
      const s = Math.LN2 * (row.y ? z : -z);
      total -= s > 0 ? Math.log1p(Math.exp(-s)) : -s + Math.log1p(Math.exp(s));
    }
    return total;
  };
  let current = objective(theta);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = new Float64Array(D);
    const hessian = Array.from({ length: D }, () => new Float64Array(D));
    used.forEach((p, i) => {
      gradient[i] = -precision[p]! * theta[p]!;
      hessian[i]![i] = -precision[p]!;
    });
    for (const row of rows) {
      let z = row.offset;
      row.active.forEach((p, j) => (z += theta[p]! * row.values[j]!));
      const probability = 1 / (1 + Math.pow(2, -z));
      const residual = Math.LN2 * (row.y - probability);
      const curvature = Math.LN2 * Math.LN2 * probability * (1 - probability);
      row.active.forEach((p, j) => {
        const i = slot.get(p)!;
        const x = row.values[j]!;
        gradient[i]! += residual * x;
        row.active.forEach((q, h) => (hessian[i]![slot.get(q)!]! -= curvature * x * row.values[h]!));
      });
    }
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = theta;
    let value = -Infinity;
    for (let halving = 0; halving < 30; halving++, scale /= 2) {
      next = Float64Array.from(theta);
      used.forEach((p, i) => (next[p]! -= scale * step[i]!));
      value = objective(next);
      if (value >= current) break;
    }
    if (!(value >= current)) break;
    const gain = value - current;
    theta.set(next);
    current = value;
    if (gain < 1e-9) break;
  }
  // z = slope x weight + level shifts + intercept; the scorer adds level shifts to the weight before the slope
  // applies (calibratedProbability, calibratedMatchWeight), so they are stored divided by it (the slope is 1 today).
  const slope = base.slope;
  return {
    slope,
    intercept: base.intercept + theta[0]!,
    gatedShift: base.gatedShift + theta[1]!,
    labels: informative.length,
    levels: model.comparisons.map((c, k) =>
      Array.from({ length: c.levels.length }, (_, l) => theta[offsets[k]! + l]! / slope),
    ),
  };
}

function calibratedWeight(weight: number, gated: boolean, c: Calibration): number {
  return c.slope * weight + c.intercept + (gated ? c.gatedShift : 0);
}

/** Gaussian elimination with partial pivoting (the Hessian is negative definite: the prior sees to it). */
function solve(matrix: Float64Array[], vector: Float64Array): Float64Array {
  const n = vector.length;
  const a = matrix.map((row, i) => {
    const extended = new Float64Array(n + 1);
    extended.set(row);
    extended[n] = vector[i]!;
    return extended;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]! || 1e-12;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / d;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / (a[r]![r]! || 1e-12);
  }
  return x;
}
