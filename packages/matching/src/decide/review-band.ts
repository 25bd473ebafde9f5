// The review band: which pairs the model kept apart go to a steward. Only those where a steward's answer is likely to
// change the outcome (calibrated probability of one person at least minChangeProbability), within a budget (at
// most budgetShare of profiles with an open task), the most valuable first: probability of a change times the
// records the answer moves. Probabilities are calibrated on the stewards' own answers once there are enough.
import { probabilityToWeight, weightToProbability } from "../model/model";

export interface ReviewPolicy {
  /** At most this share of profiles may have an open review task (0.03: 3 %). */
  budgetShare: number;
  /** A pair goes to review only if a steward would change the automatic decision with at least this probability. */
  minChangeProbability: number;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = { budgetShare: 0.03, minChangeProbability: 0.3 };

/**
 * P(one person) = 1 / (1 + 2^-(slope x weight + intercept + gated x gatedShift)): logistic in the match weight (bits),
 * with a shift for pairs the name gate holds apart, whose weight counts household evidence as if it were personal.
 * The identity (1, 0, 0) is the model's own probability.
 */
export interface Calibration {
  slope: number;
  intercept: number;
  gatedShift: number;
  /** Labelled pairs it was fitted on (0: the identity, no labels yet). */
  labels: number;
}

export const IDENTITY_CALIBRATION: Calibration = { slope: 1, intercept: 0, gatedShift: 0, labels: 0 };

/**
 * The match weight (bits) at which a pair's calibrated probability reaches the model's match threshold: the
 * threshold applies to calibrated probabilities, so stewards' answers move what links automatically (batch and
 * real time alike). Without a calibration, the threshold's own weight.
 */
export function calibratedMatchWeight(model: {
  matchThreshold: number;
  calibration?: Calibration | null;
}): number {
  const target = probabilityToWeight(model.matchThreshold);
  const c = model.calibration;
  if (!c || c.labels === 0) return target;
  return (target - c.intercept) / c.slope;
}

export function calibratedProbability(
  weight: number,
  gated: boolean,
  calibration: Calibration = IDENTITY_CALIBRATION,
): number {
  return weightToProbability(
    calibration.slope * weight + calibration.intercept + (gated ? calibration.gatedShift : 0),
  );
}

export interface LabelledWeight {
  weight: number;
  gated: boolean;
  match: boolean;
}

/**
 * Fits the calibration to labelled pairs by Newton's method on the log-likelihood, with a Gaussian pull toward the
 * identity (so that a handful of answers moves it a little, hundreds move it much). Needs at least `minLabels`
 * labels of which 5 of each answer; otherwise the identity.
 */
export function fitCalibration(labelled: readonly LabelledWeight[], minLabels = 20): Calibration {
  const matches = labelled.filter((l) => l.match).length;
  if (labelled.length < minLabels || matches < 5 || labelled.length - matches < 5)
    return IDENTITY_CALIBRATION;
  // Parameters on the natural-log scale of the odds: z = ln 2 x (slope w + intercept + gatedShift g).
  const prior = [1, 0, 0];
  const strength = 2; // precision of the pull toward the identity, per parameter
  const theta = [...prior];
  const features = labelled.map((l) => [l.weight, 1, l.gated ? 1 : 0]);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = theta.map((t, j) => -strength * (t - prior[j]!));
    const hessian = theta.map((_, i) => theta.map((__, j) => (i === j ? -strength : 0)));
    labelled.forEach((l, n) => {
      const x = features[n]!;
      const z = Math.LN2 * (theta[0]! * x[0]! + theta[1]! * x[1]! + theta[2]! * x[2]!);
      const p = 1 / (1 + Math.exp(-z));
      const residual = (l.match ? 1 : 0) - p;
      for (let i = 0; i < 3; i++) {
        gradient[i]! += Math.LN2 * residual * x[i]!;
        for (let j = 0; j < 3; j++) hessian[i]![j]! -= Math.LN2 * Math.LN2 * p * (1 - p) * x[i]! * x[j]!;
      }
    });
    const step = solve3(hessian, gradient);
    let change = 0;
    for (let i = 0; i < 3; i++) {
      theta[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-6) break;
  }
  // Answers near the boundary are often separable by weight alone, where the likelihood grows without bound as the
  // slope does: keep the fit within what a calibration can mean (a slope from a quarter to four, shifts of 16 bits).
  const clamp = (x: number, low: number, high: number) => Math.min(Math.max(x, low), high);
  return {
    slope: clamp(theta[0]!, 0.25, 4),
    intercept: clamp(theta[1]!, -16, 16),
    gatedShift: clamp(theta[2]!, -16, 16),
    labels: labelled.length,
  };
}

function solve3(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const d = m[col]![col]! || 1e-12;
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / d;
      for (let c = col; c < 4; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[3]! / (row[i]! || 1e-12));
}

/**
 * Whether a pair kept apart is worth a steward's question at all (batch and real time ask this): the calibrated
 * probability that the two are one person reaches minChangeProbability, and a pair the name gate held apart is
 * asked only at the match threshold (`matchProbability`): below it the weight alone keeps it apart too, and its
 * given names disagree, so an answer is not a likely change.
 */
export function worthAsking(
  probability: number,
  gated: boolean,
  policy: ReviewPolicy,
  matchProbability: number,
): boolean {
  return probability >= policy.minChangeProbability && !(gated && probability < matchProbability);
}

export interface ReviewCandidate {
  /** Store positions of the two records. */
  a: number;
  b: number;
  weight: number;
  /** Held apart by the name gate (given names disagree). */
  gated: boolean;
  /** The profiles (or clusters) the two records ended in. */
  profileA: string;
  profileB: string;
  /** Records in the two profiles together: what a merge would move. */
  records: number;
}

export interface ReviewTask extends ReviewCandidate {
  /** Calibrated probability that the two are one person: that a steward changes "kept apart". */
  probability: number;
  /** probability x records: the queue's order. */
  expectedValue: number;
}

export interface ReviewSelection {
  tasks: ReviewTask[];
  /** Pairs likely enough to change but left out by the budget. */
  overBudget: number;
}

/**
 * The review tasks for pairs kept apart: one per pair of profiles, those a steward would change with at least
 * minChangeProbability, likeliest first, until budgetShare x profileCount profiles have an open task (counting
 * `openProfiles`, those with a task already). The probability is the profiles' own when `profileWeight` gives it
 * (the mean match weight over all their cross pairs): two profiles of several records each, kept apart though one
 * of their record pairs scores high, are mostly two people (a namesake's record resembles one record of the
 * other), and the best pair alone would put them at the head of the queue.
 */
export function selectReviewPairs(
  candidates: readonly ReviewCandidate[],
  options: {
    policy: ReviewPolicy;
    profileCount: number;
    openProfiles?: ReadonlySet<string>;
    calibration?: Calibration;
    profileWeight?: (candidate: ReviewCandidate) => number;
    /** The model's match threshold (probability): a gated pair below it is not sent. */
    matchProbability?: number;
  },
): ReviewSelection {
  const best = new Map<string, ReviewTask>();
  for (const candidate of candidates) {
    if (candidate.profileA === candidate.profileB) continue;
    const probability = calibratedProbability(candidate.weight, candidate.gated, options.calibration);
    // The profiles' mean cross weight is at most their best pair's: a best pair below the bar cannot pass.
    if (!worthAsking(probability, candidate.gated, options.policy, options.matchProbability ?? 0)) continue;
    const key =
      candidate.profileA < candidate.profileB
        ? `${candidate.profileA}|${candidate.profileB}`
        : `${candidate.profileB}|${candidate.profileA}`;
    const kept = best.get(key);
    if (!kept || probability > kept.probability)
      best.set(key, { ...candidate, probability, expectedValue: probability * candidate.records });
  }
  const scored: ReviewTask[] = [];
  for (const task of best.values()) {
    if (options.profileWeight) {
      task.probability = calibratedProbability(options.profileWeight(task), task.gated, options.calibration);
      if (task.probability < options.policy.minChangeProbability) continue;
      task.expectedValue = task.probability * task.records;
    }
    scored.push(task);
  }
  // Into the budget the likeliest changes first; the queue itself is read by expected value (ReviewTask.expectedValue).
  const ranked = scored.sort((x, y) => y.probability - x.probability || y.expectedValue - x.expectedValue);
  const withTask = new Set(options.openProfiles ?? []);
  const allowed = Math.floor(options.policy.budgetShare * options.profileCount);
  const tasks: ReviewTask[] = [];
  let overBudget = 0;
  for (const task of ranked) {
    const added = (withTask.has(task.profileA) ? 0 : 1) + (withTask.has(task.profileB) ? 0 : 1);
    if (withTask.size + added > allowed) {
      overBudget++;
      continue;
    }
    withTask.add(task.profileA);
    withTask.add(task.profileB);
    tasks.push(task);
  }
  return { tasks, overBudget };
}

/**
 * Mean match weight (bits) over every cross pair of two groups of records, at most `maxPairs` of them (beyond, a
 * regular sample): the profiles' own evidence, where one pair's is only the best of many.
 */
export function meanCrossWeight(
  groupA: readonly number[],
  groupB: readonly number[],
  score: (a: number, b: number) => number,
  maxPairs = 400,
): number {
  const total = groupA.length * groupB.length;
  const step = Math.max(1, Math.ceil(total / maxPairs));
  let sum = 0;
  let n = 0;
  for (let i = 0; i < total; i += step) {
    sum += score(groupA[Math.floor(i / groupB.length)]!, groupB[i % groupB.length]!);
    n++;
  }
  return n ? sum / n : -Infinity;
}
