// How good a probability is: ranking (AUC), honesty (log loss, calibration table), and usefulness (lift).

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative, ties counting half
 * (Mann-Whitney with mid-ranks). NaN when one class is missing.
 */
export function computeAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) {
      if (labels[order[m]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]. */
export function computeLogLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

export function computeBrier(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

export interface CalibrationBin {
  /** Probabilities in [from, to). */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Ten equal-width bins of predicted probability: what was predicted against what happened. Empty bins are left out. */
export function computeCalibrationTable(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const count = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]!++;
    predicted[b]! += p;
    observed[b]! += labels[i]!;
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    table.push({
      from: b / bins,
      to: (b + 1) / bins,
      count: count[b]!,
      meanPredicted: predicted[b]! / count[b]!,
      observedRate: observed[b]! / count[b]!,
    });
  }
  return table;
}

/** Expected calibration error: the count-weighted mean gap between predicted and observed over the table's bins. */
export function computeCalibrationError(table: readonly CalibrationBin[]): number {
  let total = 0;
  let gap = 0;
  for (const bin of table) {
    total += bin.count;
    gap += bin.count * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return total === 0 ? 0 : gap / total;
}

/** Lift in the top `share` (default the top decile): the positive rate among the highest scores over the base rate. */
export function computeLift(scores: ArrayLike<number>, labels: ArrayLike<number>, share = 0.1): number {
  const n = scores.length;
  if (n === 0) return Number.NaN;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  if (positives === 0) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const top = Math.max(1, Math.round(n * share));
  let topPositives = 0;
  for (let i = 0; i < top; i++) topPositives += labels[order[i]!]!;
  return topPositives / top / (positives / n);
}

export interface ClassifierMetrics {
  rows: number;
  positives: number;
  baseRate: number;
  auc: number;
  logLoss: number;
  brier: number;
  calibrationError: number;
  liftTopDecile: number;
  calibration: CalibrationBin[];
}

export function evaluateProbabilities(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
): ClassifierMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  const calibration = computeCalibrationTable(probabilities, labels);
  return {
    rows: labels.length,
    positives,
    baseRate: labels.length === 0 ? Number.NaN : positives / labels.length,
    auc: computeAuc(probabilities, labels),
    logLoss: computeLogLoss(probabilities, labels),
    brier: computeBrier(probabilities, labels),
    calibrationError: computeCalibrationError(calibration),
    liftTopDecile: computeLift(probabilities, labels),
    calibration,
  };
}
