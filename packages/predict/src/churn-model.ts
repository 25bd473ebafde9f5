// The churn model: transformed, standardised point-in-time features -> regularised logistic regression -> a
// calibrator fitted on rows it did not learn from -> a probability, with the features that moved it, in words.
import { applyCalibrator, fitIsotonic, fitPlatt, type Calibrator } from "./calibration";
import { buildReference, computePsi, driftLevel, type FeatureDrift, type FeatureReference } from "./drift";
import { FEATURE_COUNT, FEATURE_NAMES, FEATURES, type Transform } from "./features";
import { fitLogistic } from "./logistic";

export const CHURN_MODEL_FORMAT = "c360-churn-logistic/1";

/** A trained model as plain JSON: stored as a model version, loaded to score. */
export interface ChurnModel {
  format: typeof CHURN_MODEL_FORMAT;
  features: string[];
  transforms: Transform[];
  means: number[];
  scales: number[];
  weights: number[];
  intercept: number;
  calibrator: Calibrator;
  /** Training distribution of each raw feature, for the drift check. */
  reference: FeatureReference[];
  horizonDays: number;
  /** The cut-off of the training window, epoch ms: features as of it, labels from the horizon after it. */
  trainedCutoff: number;
  trainingRows: number;
  trainingPositives: number;
  l2: number;
}

/** A matrix of raw features: `rows` rows of FEATURE_COUNT values, row-major. */
export interface FeatureMatrix {
  rows: number;
  values: Float32Array | Float64Array;
}

export interface FitChurnOptions {
  horizonDays: number;
  trainedCutoff: number;
  l2?: number;
  calibration?: "platt" | "isotonic";
}

export function transformValue(transform: Transform, value: number): number {
  return transform === "log1p" ? Math.log1p(Math.max(0, value)) : value;
}

/** Every `holdEvery`-th row is kept out of the fit to calibrate on (deterministic, whatever the row order). */
const HOLD_EVERY = 5;

export function fitChurnModel(
  matrix: FeatureMatrix,
  labels: Uint8Array,
  options: FitChurnOptions,
): ChurnModel {
  const d = FEATURE_COUNT;
  const n = matrix.rows;
  if (n < 10) throw new Error(`too few rows to train on: ${n}`);
  const transforms = FEATURES.map((f) => f.transform);
  const t = new Float64Array(n * d);
  const means = new Array<number>(d).fill(0);
  const scales = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = transformValue(transforms[j]!, matrix.values[i * d + j]!);
      t[i * d + j] = v;
      means[j]! += v;
    }
  for (let j = 0; j < d; j++) means[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scales[j]! += (t[i * d + j]! - means[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scales[j]! / n);
    scales[j] = sd > 1e-9 ? sd : 1; // a constant column stays zero after centring
  }
  const fitRows = n - Math.floor(n / HOLD_EVERY);
  const x = new Float64Array(fitRows * d);
  const y = new Uint8Array(fitRows);
  const holdIndex: number[] = [];
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (i % HOLD_EVERY === HOLD_EVERY - 1) {
      holdIndex.push(i);
      continue;
    }
    for (let j = 0; j < d; j++) x[r * d + j] = (t[i * d + j]! - means[j]!) / scales[j]!;
    y[r] = labels[i]!;
    r++;
  }
  const l2 = options.l2 ?? 1e-3;
  const fit = fitLogistic(x, y, r, d, { l2 });
  const holdScores = new Float64Array(holdIndex.length);
  const holdLabels = new Uint8Array(holdIndex.length);
  holdIndex.forEach((i, h) => {
    let z = fit.intercept;
    for (let j = 0; j < d; j++) z += fit.weights[j]! * ((t[i * d + j]! - means[j]!) / scales[j]!);
    holdScores[h] = z;
    holdLabels[h] = labels[i]!;
  });
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const calibrator =
    options.calibration === "isotonic"
      ? fitIsotonic(holdScores, holdLabels)
      : fitPlatt(holdScores, holdLabels);
  const reference: FeatureReference[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) column[i] = matrix.values[i * d + j]!;
    reference.push(buildReference(column));
  }
  return {
    format: CHURN_MODEL_FORMAT,
    features: [...FEATURE_NAMES],
    transforms,
    means,
    scales,
    weights: fit.weights,
    intercept: fit.intercept,
    calibrator,
    reference,
    horizonDays: options.horizonDays,
    trainedCutoff: options.trainedCutoff,
    trainingRows: n,
    trainingPositives: positives,
    l2,
  };
}

function checkFormat(model: ChurnModel): void {
  if (model.format !== CHURN_MODEL_FORMAT || model.features.length !== FEATURE_COUNT)
    throw new Error(`not a churn model this version can score (format ${String(model.format)})`);
}

/** The model's raw score (log-odds before calibration) of one row. */
export function churnLogit(model: ChurnModel, row: ArrayLike<number>, offset = 0): number {
  let z = model.intercept;
  for (let j = 0; j < model.weights.length; j++) {
    const v = transformValue(model.transforms[j]!, row[offset + j]!);
    z += model.weights[j]! * ((v - model.means[j]!) / model.scales[j]!);
  }
  return z;
}

/** The calibrated probability that the person makes no purchase within the model's horizon. */
export function scoreChurn(model: ChurnModel, row: ArrayLike<number>, offset = 0): number {
  return applyCalibrator(model.calibrator, churnLogit(model, row, offset));
}

/** Probabilities of every row of a matrix. */
export function scoreChurnMatrix(model: ChurnModel, matrix: FeatureMatrix): Float64Array {
  checkFormat(model);
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = scoreChurn(model, matrix.values, i * FEATURE_COUNT);
  return out;
}

export interface ChurnReason {
  feature: string;
  /** This feature's share of the log-odds, against an average person of the training window. */
  contribution: number;
  direction: "raises" | "lowers";
  /** "No purchase for 214 days (raises the risk)". */
  text: string;
}

/**
 * The features that moved this person's score most, away from the average person: weight x standardised value,
 * largest first. Exact for a linear model (the contributions and the intercept add up to the log-odds).
 */
export function explainChurn(model: ChurnModel, row: ArrayLike<number>, offset = 0, top = 3): ChurnReason[] {
  checkFormat(model);
  const d = model.weights.length;
  const contributions = new Float64Array(d);
  const order: number[] = [];
  for (let j = 0; j < d; j++) {
    const v = transformValue(model.transforms[j]!, row[offset + j]!);
    contributions[j] = model.weights[j]! * ((v - model.means[j]!) / model.scales[j]!);
    if (Math.abs(contributions[j]!) >= 1e-3) order.push(j);
  }
  // Words only for the few that are shown: scoring a million people explains each of them.
  order.sort((a, b) => Math.abs(contributions[b]!) - Math.abs(contributions[a]!) || a - b);
  return order.slice(0, top).map((j) => {
    const contribution = contributions[j]!;
    const direction = contribution > 0 ? "raises" : "lowers";
    const words = FEATURES[j]!.describe(row[offset + j]!);
    return {
      feature: model.features[j]!,
      contribution,
      direction,
      text: `${words[0]!.toUpperCase()}${words.slice(1)} (${direction} the risk).`,
    };
  });
}

/** PSI of each feature between the training window and `matrix` (the population being scored). */
export function checkFeatureDrift(model: ChurnModel, matrix: FeatureMatrix): FeatureDrift[] {
  checkFormat(model);
  const column = new Float64Array(matrix.rows);
  return model.features.map((feature, j) => {
    for (let i = 0; i < matrix.rows; i++) column[i] = matrix.values[i * FEATURE_COUNT + j]!;
    const psi = computePsi(model.reference[j]!, column);
    return { feature, psi, level: driftLevel(psi) };
  });
}
