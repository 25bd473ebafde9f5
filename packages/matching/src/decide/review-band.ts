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
  /**
   * Shifts (bits) of each comparison level's weight learnt from the answers (model/labels.ts), per comparison in the
   * model's order, per level; the scorer adds them to log2(m/u). Absent: none.
   */
  levels?: number[][];
}

/** Bits within which a fitted intercept and gate shift are kept. */
const GATED_SHIFT_BOUND = 16;

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

/**
 * The match weight (bits) from which a pair the name gate holds links all the same: where stewards' answers put its
 * calibrated probability (with the gate's shift) at the match threshold. The gate stands (Infinity) until answers
 * were learnt, and when they put the gate's shift at its bound (gated pairs were two people at every weight seen).
 * Never below the threshold of pairs the gate does not hold.
 */
export function gatedMatchWeight(model: {
  matchThreshold: number;
  calibration?: Calibration | null;
}): number {
  const c = model.calibration;
  if (!c || c.labels === 0 || c.gatedShift <= -GATED_SHIFT_BOUND) return Infinity;
  return Math.max(
    calibratedMatchWeight(model),
    (probabilityToWeight(model.matchThreshold) - c.intercept - c.gatedShift) / c.slope,
  );
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
 *
 * The slope stays 1: answers come from the review queue, a band of weights a few bits wide below the threshold, and
 * a slope fitted there says nothing about the weights outside it, where it is applied. Fitted on the queue's answers
 * it went to its lower bound (a quarter: "in this band the weight hardly matters") and raised the match threshold by
 * three bits, costing 0.02-0.04 F1 on records the answers did not touch (decision 0106); an earlier undamped fit went
 * to the opposite bounds instead and lowered the threshold by six.
 */
export function fitCalibration(labelled: readonly LabelledWeight[], minLabels = 20): Calibration {
  const matches = labelled.filter((l) => l.match).length;
  if (labelled.length < minLabels || matches < 5 || labelled.length - matches < 5)
    return IDENTITY_CALIBRATION;
  // Parameters (bits): intercept, gated shift; P(match) = 1 / (1 + 2^-(weight + intercept + gated x shift)).
  // The pull toward zero: a prior of 4 bits standard deviation per parameter, so that twenty answers move a shift by
  // bits and not by tenths (at 0.7 bits, as first set, the prior outweighed the answers below the threshold).
  const strength = 1 / 16;
  const theta = [0, 0];
  const objective = (t: readonly number[]): number => {
    let total = -0.5 * strength * (t[0]! ** 2 + t[1]! ** 2);
    for (const l of labelled) {
      const z = Math.LN2 * (l.weight + t[0]! + (l.gated ? t[1]! : 0));
      const s = l.match ? z : -z;
      total -= s > 0 ? Math.log1p(Math.exp(-s)) : -s + Math.log1p(Math.exp(s));
    }
    return total;
  };
  // Newton's method on the penalised log-likelihood (concave), each step halved until it improves: where the
  // probabilities saturate a full step overshoots.
  let current = objective(theta);
  for (let iteration = 0; iteration < 100; iteration++) {
    const g = [-strength * theta[0]!, -strength * theta[1]!];
    const h = [
      [-strength, 0],
      [0, -strength],
    ];
    for (const l of labelled) {
      const x = [1, l.gated ? 1 : 0];
      const p = 1 / (1 + Math.exp(-Math.LN2 * (l.weight + theta[0]! + x[1]! * theta[1]!)));
      const residual = Math.LN2 * ((l.match ? 1 : 0) - p);
      const curvature = Math.LN2 * Math.LN2 * p * (1 - p);
      for (let i = 0; i < 2; i++) {
        g[i]! += residual * x[i]!;
        for (let j = 0; j < 2; j++) h[i]![j]! -= curvature * x[i]! * x[j]!;
      }
    }
    const det = h[0]![0]! * h[1]![1]! - h[0]![1]! * h[1]![0]!;
    const step = [
      (h[1]![1]! * g[0]! - h[0]![1]! * g[1]!) / det,
      (h[0]![0]! * g[1]! - h[1]![0]! * g[0]!) / det,
    ];
    let scale = 1;
    let next = theta;
    let value = -Infinity;
    for (let halving = 0; halving < 30; halving++, scale /= 2) {
      next = [theta[0]! - scale * step[0]!, theta[1]! - scale * step[1]!];
      value = objective(next);
      if (value >= current) break;
    }
    if (!(value >= current)) break;
    const gain = value - current;
    theta[0] = next[0]!;
    theta[1] = next[1]!;
    current = value;
    if (gain < 1e-10) break;
  }
  const clamp = (x: number) => Math.min(Math.max(x, -GATED_SHIFT_BOUND), GATED_SHIFT_BOUND);
  return { slope: 1, intercept: clamp(theta[0]!), gatedShift: clamp(theta[1]!), labels: labelled.length };
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
  /** reviewValue(probability, records): the queue's order. */
  expectedValue: number;
}

/**
 * What answering a task is worth, the queue's order: the model's uncertainty about the pair, P(1 - P), times the
 * records the answer moves. The most uncertain first is also what teaches the model most: 200 answers taken in this
 * order raised F1 on records they did not touch more than 200 taken by P x records (decision 0106).
 */
export function reviewValue(probability: number, records: number): number {
  return probability * (1 - probability) * records;
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
      best.set(key, {
        ...candidate,
        probability,
        expectedValue: reviewValue(probability, candidate.records),
      });
  }
  const scored: ReviewTask[] = [];
  for (const task of best.values()) {
    if (options.profileWeight) {
      task.probability = calibratedProbability(options.profileWeight(task), task.gated, options.calibration);
      if (task.probability < options.policy.minChangeProbability) continue;
      task.expectedValue = reviewValue(task.probability, task.records);
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
