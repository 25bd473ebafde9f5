// The whole protocol in one pass over the histories, out of time and point-in-time by construction:
//
//   ... history ... | t0 = asOf - 2h | train labels | t1 = asOf - h | test labels | asOf
//   fit on features as of t0 with labels from (t0, t1]; evaluate on features as of t1 with labels from (t1, asOf];
//   score everyone on features as of asOf. Nothing after asOf is ever read; nothing after a cut-off enters its features.
//
// The model that is evaluated is the model that scores: the metrics shown are the metrics of the model in use.
import { FEATURE_COUNT, F, computeFeatures, isPurchase, knownAt, labelChurn } from "./features";
import {
  checkFeatureDrift,
  fitChurnModel,
  scoreChurnMatrix,
  type ChurnModel,
  type FeatureMatrix,
} from "./churn-model";
import type { FeatureDrift } from "./drift";
import { computeAuc, evaluateProbabilities, type ClassifierMetrics } from "./metrics";
import { SkuIndex, buildOfferModel, evaluateOffers, type OfferEvaluation, type OfferModel } from "./offers";
import { DAY_MS, type ConsentChange, type PredictEvent, type ProfileHistory } from "./types";

/** Another way to rank people by churn risk, evaluated on the same test window (e.g. the rule-based score). */
export type BaselineScorer = (
  events: readonly PredictEvent[],
  asOf: number,
  consent: readonly ConsentChange[] | undefined,
) => number;

export interface TrainChurnInput {
  /** The last instant whose data may be used, epoch ms. */
  asOf: number;
  horizonDays: number;
  l2?: number;
  calibration?: "platt" | "isotonic";
  baselines?: Record<string, BaselineScorer>;
}

export interface ChurnEvaluation {
  trainCutoff: number;
  testCutoff: number;
  trainRows: number;
  testRows: number;
  /** The model on the test window (out of time). */
  model: ClassifierMetrics;
  /** Days since the last purchase alone, on the same test window. */
  recencyAuc: number;
  baselineAucs: Record<string, number>;
}

export interface ChurnTraining {
  model: ChurnModel;
  evaluation: ChurnEvaluation;
  /** Feature drift between the training window and today's population. */
  drift: FeatureDrift[];
  offers: OfferModel;
  offersEvaluation: OfferEvaluation;
  /** Everyone, as of asOf, in the order given: features to score and explain, products owned to offer against. */
  scoring: { profileIds: string[]; features: FeatureMatrix; owned: number[][]; probabilities: Float64Array };
}

class GrowingMatrix {
  values = new Float32Array(1024 * FEATURE_COUNT);
  rows = 0;
  next(): number {
    if ((this.rows + 1) * FEATURE_COUNT > this.values.length) {
      const bigger = new Float32Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    return this.rows++ * FEATURE_COUNT;
  }
  done(): FeatureMatrix {
    return { rows: this.rows, values: this.values.subarray(0, this.rows * FEATURE_COUNT) };
  }
}

class GrowingLabels {
  values = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Uint8Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
  done(): Uint8Array {
    return this.values.subarray(0, this.length);
  }
}

function productsUpTo(events: readonly PredictEvent[], from: number, to: number, skus: SkuIndex): number[] {
  const ids = new Set<number>();
  for (const event of events)
    if (event.at > from && event.at <= to && event.skus !== undefined && isPurchase(event))
      for (const sku of event.skus) ids.add(skus.id(sku));
  return [...ids];
}

export interface ChurnTrainer {
  /** Takes one person's history: it is read once, here, and not kept. */
  add(history: ProfileHistory): void;
  /** Fits, evaluates and scores once everyone has been added. */
  finish(): ChurnTraining;
}

/**
 * The protocol as a stream: add each history (in chunks from a database, or from a generator), then finish. Only
 * the feature rows, labels and owned products are kept, never the events.
 */
export function createChurnTrainer(input: TrainChurnInput): ChurnTrainer {
  const horizon = input.horizonDays * DAY_MS;
  if (!(input.horizonDays >= 1)) throw new Error("horizonDays must be at least 1");
  const t1 = input.asOf - horizon;
  const t0 = t1 - horizon;
  const train = new GrowingMatrix();
  const trainLabels = new GrowingLabels();
  const test = new GrowingMatrix();
  const testLabels = new GrowingLabels();
  const score = new GrowingMatrix();
  const baselineNames = Object.keys(input.baselines ?? {});
  const baselineScores = baselineNames.map(() => [] as number[]);
  const profileIds: string[] = [];
  const owned: number[][] = [];
  const basketsAtTest: number[][] = [];
  const offerCases: { owned: number[]; future: number[] }[] = [];
  const skus = new SkuIndex();
  const add = (history: ProfileHistory) => {
    const { events, consent } = history;
    if (knownAt(events, t0)) {
      computeFeatures(events, t0, consent, train.values, train.next());
      trainLabels.push(labelChurn(events, t0, input.horizonDays));
    }
    if (knownAt(events, t1)) {
      computeFeatures(events, t1, consent, test.values, test.next());
      testLabels.push(labelChurn(events, t1, input.horizonDays));
      baselineNames.forEach((name, b) =>
        baselineScores[b]!.push(input.baselines![name]!(events, t1, consent)),
      );
    }
    const before = productsUpTo(events, -Infinity, t1, skus);
    const after = productsUpTo(events, t1, input.asOf, skus);
    if (before.length > 0) basketsAtTest.push(before);
    if (before.length > 0 && after.length > 0) offerCases.push({ owned: before, future: after });
    profileIds.push(history.profileId);
    computeFeatures(events, input.asOf, consent, score.values, score.next());
    owned.push(productsUpTo(events, -Infinity, input.asOf, skus));
  };
  const finish = (): ChurnTraining => {
    const trainMatrix = train.done();
    const model = fitChurnModel(trainMatrix, trainLabels.done(), {
      horizonDays: input.horizonDays,
      trainedCutoff: t0,
      l2: input.l2,
      calibration: input.calibration,
    });
    const testMatrix = test.done();
    const testY = testLabels.done();
    const testP = scoreChurnMatrix(model, testMatrix);
    const recency = new Float64Array(testMatrix.rows);
    for (let i = 0; i < testMatrix.rows; i++)
      recency[i] = testMatrix.values[i * FEATURE_COUNT + F.daysSincePurchase]!;
    const baselineAucs: Record<string, number> = {};
    baselineNames.forEach((name, b) => (baselineAucs[name] = computeAuc(baselineScores[b]!, testY)));
    const scoreMatrix = score.done();
    // Offers: evaluated on a model of what was bought up to t1 against what was bought after; served from everything.
    const offersEvaluation = evaluateOffers(buildOfferModel(basketsAtTest, skus.skus), offerCases);
    return {
      model,
      evaluation: {
        trainCutoff: t0,
        testCutoff: t1,
        trainRows: trainMatrix.rows,
        testRows: testMatrix.rows,
        model: evaluateProbabilities(testP, testY),
        recencyAuc: computeAuc(recency, testY),
        baselineAucs,
      },
      drift: checkFeatureDrift(model, scoreMatrix),
      offers: buildOfferModel(owned, skus.skus),
      offersEvaluation,
      scoring: {
        profileIds,
        features: scoreMatrix,
        owned,
        probabilities: scoreChurnMatrix(model, scoreMatrix),
      },
    };
  };
  return { add, finish };
}

export function trainChurn(histories: Iterable<ProfileHistory>, input: TrainChurnInput): ChurnTraining {
  const trainer = createChurnTrainer(input);
  for (const history of histories) trainer.add(history);
  return trainer.finish();
}
