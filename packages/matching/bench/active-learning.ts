// What stewards' answers buy, measured: each dataset's entities are split in two halves. The model is trained on
// half A; its review queue (src/decide/review-band.ts, most valuable first: uncertainty P(1 - P) x records moved)
// is answered from the truth for LABELS tasks, and the model learns from the answers (src/model/labels.ts: level
// shifts with a prior, the threshold and the name gate's release). F1 is measured on half B, which no answer touched, with the model
// before and after. Beside it: the queue read in its earlier order (P x records), the level layer off, and two
// controls: LABELS answers picked at random from the queue (its order not used), and LABELS random candidate pairs
// of half A (no queue at all).
// Usage: npx tsx bench/active-learning.ts [datasets] (LABELS=200)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { householdClassifier } from "../src/decide/household";
import {
  meanCrossWeight,
  selectReviewPairs,
  type Calibration,
  type ReviewCandidate,
} from "../src/decide/review-band";
import { pairwiseScore } from "../src/evaluate";
import { learnFromLabels, type LabelledPositions } from "../src/model/labels";
import type { MatchModel } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { randomInt, seededRandom } from "../src/prng";
import { resolveRecords } from "../src/resolve";
import type { Dataset } from "./datasets";
import { WIDE_DATASETS } from "./wide-table";

const LABELS = Number(process.env.LABELS ?? 200);
/** Beside the defaults (level layer on): the threshold and the gate alone, the level layer off. */
const THRESHOLD_ONLY = { levelPriorBits: 0 };

function half(dataset: Dataset, side: 0 | 1): Dataset {
  // Entities split by a hash of their id: every record of one entity falls on one side.
  const sideOf = (entity: string) => {
    let h = 2166136261;
    for (let i = 0; i < entity.length; i++) h = Math.imul(h ^ entity.charCodeAt(i), 16777619);
    return (h >>> 0) % 2;
  };
  const records = dataset.records.filter((r) => sideOf(dataset.truth.get(r.record_id)!) === side);
  return {
    ...dataset,
    records,
    truth: new Map(records.map((r) => [r.record_id, dataset.truth.get(r.record_id)!])),
  };
}

function f1Of(dataset: Dataset, model: MatchModel): number {
  const run = resolveRecords(dataset.records, { model, linkOnly: dataset.task === "link" });
  const f1 = pairwiseScore(
    new Map(run.store.idList().map((id, i) => [id, run.clusterIds[i]!])),
    dataset.truth,
  ).f1;
  return Number(f1.toFixed(4));
}

function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = 0; i < Math.min(n, copy.length); i++) {
    const j = i + randomInt(random, copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

export interface ActiveLearningRow {
  dataset: string;
  /** Tasks in half A's queue (budget lifted): what a steward could answer. */
  queue: number;
  labels: number;
  matchesAmongLabels: number;
  f1Before: number;
  /** Answers to the queue, most valuable first (reviewValue: P(1 - P) x records, review_tasks.priority), learnt. */
  f1After: number;
  /** 200 answers taken by P x records (the order before decision 0106) instead. */
  f1AfterProbabilityOrder: number;
  probabilityOrderMatches: number;
  /** The same answers, the level layer off (THRESHOLD_ONLY). */
  f1AfterThresholdOnly: number;
  /** Controls: LABELS tasks drawn at random from the queue; LABELS random candidate pairs of half A. */
  f1RandomFromQueue: number;
  randomFromQueueMatches: number;
  f1RandomPairs: number;
  randomPairsMatches: number;
  learnt: { slope: number; intercept: number; gatedShift: number };
  levelsLearnt: string[];
}

function largestShifts(model: MatchModel, calibration: Calibration): string[] {
  const shifts = (calibration.levels ?? []).flatMap((row, k) =>
    row.map((bits, l) => ({
      name: `${model.comparisons[k]!.spec.name}:${model.comparisons[k]!.levels[l]!.label}`,
      bits,
    })),
  );
  return shifts
    .sort((x, y) => Math.abs(y.bits) - Math.abs(x.bits))
    .slice(0, 4)
    .map((s) => `${s.name} ${s.bits >= 0 ? "+" : ""}${s.bits.toFixed(2)}`);
}

export function measureActiveLearning(dataset: Dataset): ActiveLearningRow {
  const a = half(dataset, 0);
  const b = half(dataset, 1);
  const trained = resolveRecords(a.records, { linkOnly: a.task === "link" });
  const scorer = new PairScorer(trained.model, trained.store);
  const households = householdClassifier(scorer);
  const members = new Map<string, number[]>();
  trained.clusterIds.forEach((c, i) => members.set(c, [...(members.get(c) ?? []), i]));
  const candidates: ReviewCandidate[] = [];
  for (let i = 0; i < trained.scored.length; i++) {
    const x = trained.scored.a[i]!;
    const y = trained.scored.b[i]!;
    const cx = trained.clusterIds[x]!;
    const cy = trained.clusterIds[y]!;
    if (cx === cy || households.isHousehold(x, y)) continue;
    candidates.push({
      a: x,
      b: y,
      weight: trained.scored.weight[i]!,
      gated: !scorer.passesNameGate(x, y),
      profileA: cx,
      profileB: cy,
      records: members.get(cx)!.length + members.get(cy)!.length,
    });
  }
  const { tasks } = selectReviewPairs(candidates, {
    policy: { budgetShare: 1, minChangeProbability: 0.3 },
    profileCount: members.size,
    matchProbability: trained.model.matchThreshold,
    profileWeight: (t) =>
      meanCrossWeight(members.get(t.profileA)!, members.get(t.profileB)!, (p, q) => scorer.score(p, q)),
  });
  const truth = (i: number) => a.truth.get(trained.store.idAt(i));
  const answer = (pair: { a: number; b: number }): LabelledPositions => ({
    a: pair.a,
    b: pair.b,
    match: truth(pair.a) === truth(pair.b),
  });
  // A steward works the queue most valuable first (the order review_tasks.priority gives).
  const answered = [...tasks]
    .sort((x, y) => y.expectedValue - x.expectedValue)
    .slice(0, LABELS)
    .map(answer);
  const learnt = learnFromLabels(trained.model, trained.store, answered);
  // The same number of answers with the queue read as before decision 0106: P x records.
  const byProbability = [...tasks]
    .sort((x, y) => y.probability * y.records - x.probability * x.records)
    .slice(0, LABELS)
    .map(answer);
  const thresholdOnly = learnFromLabels(trained.model, trained.store, answered, THRESHOLD_ONLY);
  const randomFromQueue = sample(tasks, LABELS, 7).map(answer);
  const pairs = Array.from({ length: trained.scored.length }, (_, i) => ({
    a: trained.scored.a[i]!,
    b: trained.scored.b[i]!,
  }));
  const randomPairs = sample(pairs, LABELS, 11).map(answer);
  const withCalibration = (calibration: Calibration): MatchModel => ({ ...trained.model, calibration });
  return {
    dataset: dataset.name,
    queue: tasks.length,
    labels: answered.length,
    matchesAmongLabels: answered.filter((l) => l.match).length,
    f1Before: f1Of(b, trained.model),
    f1After: f1Of(b, withCalibration(learnt)),
    f1AfterProbabilityOrder: f1Of(
      b,
      withCalibration(learnFromLabels(trained.model, trained.store, byProbability)),
    ),
    probabilityOrderMatches: byProbability.filter((l) => l.match).length,
    f1AfterThresholdOnly: f1Of(b, withCalibration(thresholdOnly)),
    f1RandomFromQueue: f1Of(
      b,
      withCalibration(learnFromLabels(trained.model, trained.store, randomFromQueue)),
    ),
    randomFromQueueMatches: randomFromQueue.filter((l) => l.match).length,
    f1RandomPairs: f1Of(b, withCalibration(learnFromLabels(trained.model, trained.store, randomPairs))),
    randomPairsMatches: randomPairs.filter((l) => l.match).length,
    learnt: {
      slope: Number(learnt.slope.toFixed(2)),
      intercept: Number(learnt.intercept.toFixed(2)),
      gatedShift: Number(learnt.gatedShift.toFixed(2)),
    },
    levelsLearnt: largestShifts(trained.model, learnt),
  };
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(4)}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2]?.split(",");
  const rows: ActiveLearningRow[] = [];
  for (const [name, load] of WIDE_DATASETS) {
    if (only && !only.includes(name)) continue;
    const row = measureActiveLearning(load());
    rows.push(row);
    console.log(
      `${name.padEnd(22)} queue ${row.queue}, ${row.labels} answers (${row.matchesAmongLabels} one person): F1 on the untouched half ` +
        `${row.f1Before} -> ${row.f1After} (${signed(row.f1After - row.f1Before)}); by P x records ${row.f1AfterProbabilityOrder} ` +
        `(${row.probabilityOrderMatches} one person, ${signed(row.f1AfterProbabilityOrder - row.f1Before)}); threshold only ${row.f1AfterThresholdOnly} (${signed(row.f1AfterThresholdOnly - row.f1Before)}); random from queue ${row.f1RandomFromQueue} (${row.randomFromQueueMatches} one person, ` +
        `${signed(row.f1RandomFromQueue - row.f1Before)}); random pairs ${row.f1RandomPairs} (${row.randomPairsMatches} one person, ` +
        `${signed(row.f1RandomPairs - row.f1Before)})\n${"".padEnd(23)}learnt ${JSON.stringify(row.learnt)}; levels ${row.levelsLearnt.join(", ")}`,
    );
  }
  const mean = (f: (r: ActiveLearningRow) => number) =>
    Number((rows.reduce((s, r) => s + f(r), 0) / Math.max(rows.length, 1)).toFixed(4));
  const summary = {
    meanBefore: mean((r) => r.f1Before),
    meanAfter: mean((r) => r.f1After),
    meanProbabilityOrder: mean((r) => r.f1AfterProbabilityOrder),
    meanThresholdOnly: mean((r) => r.f1AfterThresholdOnly),
    meanRandomFromQueue: mean((r) => r.f1RandomFromQueue),
    meanRandomPairs: mean((r) => r.f1RandomPairs),
  };
  console.log(`mean over ${rows.length}: ${JSON.stringify(summary)}`);
  if (!only) {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "active-learning.json"),
      JSON.stringify({ labelsPerDataset: LABELS, summary, rows }, null, 2) + "\n",
    );
  }
}
