// Which model: the same out-of-time split of synthetic customers, fitted by our regularised logistic regression
// (Newton), by ml-logistic-regression (gradient descent) and by ml-random-forest; AUC on the later window, seconds.
// Usage: npm run bench:models -w @c360/predict -- [profiles=20000] [horizonDays=90]
import { Matrix } from "ml-matrix";
import LogisticRegression from "ml-logistic-regression";
import { RandomForestClassifier } from "ml-random-forest";
import {
  DAY_MS,
  FEATURE_COUNT,
  FEATURES,
  computeAuc,
  computeFeatures,
  fitChurnModel,
  knownAt,
  labelChurn,
  scoreChurnMatrix,
  synthesizeHistories,
  transformValue,
  type FeatureMatrix,
} from "../src/index";

const profiles = Number(process.argv[2] ?? 20_000);
const horizonDays = Number(process.argv[3] ?? 90);
const end = Date.UTC(2026, 11, 1);
const t1 = end - horizonDays * DAY_MS;
const t0 = t1 - horizonDays * DAY_MS;

function window(cutoff: number) {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (const h of synthesizeHistories({ profiles, end, seed: 7 })) {
    if (!knownAt(h.events, cutoff)) continue;
    rows.push(Array.from(computeFeatures(h.events, cutoff, h.consent)));
    labels.push(labelChurn(h.events, cutoff, horizonDays));
  }
  return { rows, labels };
}
const train = window(t0);
const test = window(t1);
const toMatrix = (rows: number[][]): FeatureMatrix => ({
  rows: rows.length,
  values: Float64Array.from(rows.flat()),
});

// The libraries get the same transformed, standardised features (fair to gradient descent, harmless to trees).
const means = new Array<number>(FEATURE_COUNT).fill(0);
const sds = new Array<number>(FEATURE_COUNT).fill(0);
const tf = (row: number[]) => row.map((v, j) => transformValue(FEATURES[j]!.transform, v));
const trainT = train.rows.map(tf);
for (const r of trainT) r.forEach((v, j) => (means[j]! += v / trainT.length));
for (const r of trainT) r.forEach((v, j) => (sds[j]! += (v - means[j]!) ** 2 / trainT.length));
const z = (r: number[]) => r.map((v, j) => (v - means[j]!) / (Math.sqrt(sds[j]!) || 1));
const trainZ = trainT.map(z);
const testZ = test.rows.map(tf).map(z);

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, (performance.now() - start) / 1000];
}

console.log(
  `profiles ${profiles}, horizon ${horizonDays} d: train rows ${train.rows.length}, test rows ${test.rows.length}`,
);
const results = {
  push(r: { model: string; auc: number; seconds: number }) {
    console.log(`${r.model.padEnd(80)} AUC ${r.auc.toFixed(4)}  train ${r.seconds.toFixed(2)} s`);
  },
};

const [own, ownSeconds] = time(() =>
  fitChurnModel(toMatrix(train.rows), Uint8Array.from(train.labels), { horizonDays, trainedCutoff: t0 }),
);
results.push({
  model: "own L2 logistic (Newton) + Platt",
  auc: computeAuc(scoreChurnMatrix(own, toMatrix(test.rows)), test.labels),
  seconds: ownSeconds,
});

for (const steps of [100, 500]) {
  const [lr, seconds] = time(() => {
    const model = new LogisticRegression({ numSteps: steps, learningRate: 1 / trainZ.length });
    model.train(new Matrix(trainZ.map((r) => [...r, 1])), Matrix.columnVector(train.labels));
    return model;
  });
  const scores = lr.classifiers[0]!.testScores(new Matrix(testZ.map((r) => [...r, 1])));
  results.push({
    model: `ml-logistic-regression ${steps} steps`,
    auc: computeAuc(scores, test.labels),
    seconds,
  });
}

for (const trees of [10, 50]) {
  const rfRows = Math.min(trainZ.length, 10_000);
  const [rf, seconds] = time(() => {
    const model = new RandomForestClassifier({
      nEstimators: trees,
      maxFeatures: 0.5,
      seed: 3,
      noOOB: true,
      treeOptions: { maxDepth: 8, minNumSamples: 20 },
    });
    model.train(trainZ.slice(0, rfRows), train.labels.slice(0, rfRows));
    return model;
  });
  const [scores, scoreSeconds] = time(() => rf.predictProbability(testZ, 1));
  results.push({
    model: `ml-random-forest ${trees} trees depth 8 (${rfRows} rows; scoring ${scoreSeconds.toFixed(1)} s)`,
    auc: computeAuc(scores, test.labels),
    seconds,
  });
}
