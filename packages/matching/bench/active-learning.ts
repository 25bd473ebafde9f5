// What stewards' answers buy, measured: each dataset's entities are split in two halves. The model is trained on
// half A; its review queue (src/decide/review-band.ts, most valuable first) is answered from the truth for
// LABELS tasks; the answers calibrate the model's probabilities (fitCalibration), and the match threshold applies to
// the calibrated probability. F1 is measured on half B, which no answer touched, with the model before and after.
// Usage: npx tsx bench/active-learning.ts [datasets] (LABELS=200)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { householdClassifier } from "../src/decide/household";
import {
  calibratedMatchWeight,
  fitCalibration,
  meanCrossWeight,
  selectReviewPairs,
  type ReviewCandidate,
} from "../src/decide/review-band";
import { pairwiseScore } from "../src/evaluate";
import type { MatchModel } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { resolveRecords } from "../src/resolve";
import type { Dataset } from "./datasets";
import { WIDE_DATASETS } from "./wide-table";

const LABELS = Number(process.env.LABELS ?? 200);

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
  return pairwiseScore(new Map(run.store.idList().map((id, i) => [id, run.clusterIds[i]!])), dataset.truth)
    .f1;
}

export interface ActiveLearningRow {
  dataset: string;
  labels: number;
  matchesAmongLabels: number;
  calibration: { slope: number; intercept: number; gatedShift: number };
  f1Before: number;
  f1After: number;
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
  // A steward works the queue most valuable first.
  const answered = tasks.sort((x, y) => y.expectedValue - x.expectedValue).slice(0, LABELS);
  const truth = (i: number) => a.truth.get(trained.store.idAt(i));
  const labelled = answered.map((t) => ({
    weight: t.weight,
    gated: t.gated,
    match: truth(t.a) === truth(t.b),
  }));
  const calibration = fitCalibration(labelled);
  const calibrated: MatchModel = { ...trained.model, calibration };
  return {
    dataset: dataset.name,
    labels: labelled.length,
    matchesAmongLabels: labelled.filter((l) => l.match).length,
    calibration: {
      slope: Number(calibration.slope.toFixed(3)),
      intercept: Number(calibration.intercept.toFixed(3)),
      gatedShift: Number(calibration.gatedShift.toFixed(3)),
    },
    f1Before: Number(f1Of(b, trained.model).toFixed(4)),
    f1After: Number(f1Of(b, calibrated).toFixed(4)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2]?.split(",");
  const rows: ActiveLearningRow[] = [];
  for (const [name, load] of WIDE_DATASETS) {
    if (only && !only.includes(name)) continue;
    const row = measureActiveLearning(load());
    rows.push(row);
    console.log(
      `${name.padEnd(22)} ${row.labels} answers (${row.matchesAmongLabels} one person), calibration ${JSON.stringify(row.calibration)}, ` +
        `match weight ${calibratedMatchWeight({ matchThreshold: 0.88, calibration: { ...row.calibration, labels: row.labels } }).toFixed(2)} bits: ` +
        `F1 on the untouched half ${row.f1Before} -> ${row.f1After} (${row.f1After - row.f1Before >= 0 ? "+" : ""}${(row.f1After - row.f1Before).toFixed(4)})`,
    );
  }
  if (!only) {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "active-learning.json"),
      JSON.stringify({ labelsPerDataset: LABELS, rows }, null, 2) + "\n",
    );
  }
}
