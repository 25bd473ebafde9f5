// The review queue the engine would leave, on every dataset of the wide table: before (every pair kept apart at
// probability >= 0.5, one per pair of clusters) and after (households decided as relationships, the review band of
// src/decide/review-band.ts). For each: share of clusters with an open task, share of tasks whose answer (from the
// truth) changes the automatic decision, F1 left to the automatic decision and F1 once every task is answered.
// Also how often a pair called a household is in truth two people. Usage: npx tsx bench/review-band.ts [datasets]
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { householdClassifier } from "../src/decide/household";
import {
  DEFAULT_REVIEW_POLICY,
  meanCrossWeight,
  selectReviewPairs,
  type ReviewCandidate,
} from "../src/decide/review-band";
import { pairwiseScore } from "../src/evaluate";
import { weightToProbability } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { resolveRecords, type Resolution } from "../src/resolve";
import type { Dataset } from "./datasets";
import { WIDE_DATASETS } from "./wide-table";

export interface QueueFigures {
  tasks: number;
  profileShare: number;
  changedShare: number;
  f1Auto: number;
  f1Answered: number;
}

export interface ReviewBandRow {
  dataset: string;
  clusters: number;
  before: QueueFigures;
  after: QueueFigures;
  households: { pairs: number; twoPeopleShare: number };
}

function answer(
  dataset: Dataset,
  resolution: Resolution,
  pairs: readonly { a: number; b: number }[],
): QueueFigures {
  const { store, clusterIds } = resolution;
  const truth = (i: number) => dataset.truth.get(store.idAt(i));
  const merged = [...clusterIds];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.has(x)) x = parent.get(x)!;
    return x;
  };
  let changed = 0;
  const touched = new Set<string>();
  for (const { a, b } of pairs) {
    touched.add(clusterIds[a]!).add(clusterIds[b]!);
    if (truth(a) !== truth(b)) continue;
    changed++;
    const ra = find(clusterIds[a]!);
    const rb = find(clusterIds[b]!);
    if (ra !== rb) parent.set(ra, rb);
  }
  for (let i = 0; i < merged.length; i++) merged[i] = find(merged[i]!);
  const score = (labels: string[]) =>
    pairwiseScore(new Map(store.idList().map((id, i) => [id, labels[i]!])), dataset.truth).f1;
  const clusters = new Set(clusterIds).size;
  return {
    tasks: pairs.length,
    profileShare: Number((touched.size / clusters).toFixed(4)),
    changedShare: Number((pairs.length ? changed / pairs.length : 0).toFixed(4)),
    f1Auto: Number(score(clusterIds).toFixed(4)),
    f1Answered: Number(score(merged).toFixed(4)),
  };
}

export function measureReviewBand(dataset: Dataset): ReviewBandRow {
  const resolution = resolveRecords(dataset.records, { linkOnly: dataset.task === "link" });
  const { store, scored, clusterIds } = resolution;
  const scorer = new PairScorer(resolution.model, store);
  const households = householdClassifier(scorer);
  const size = new Map<string, number>();
  for (const c of clusterIds) size.set(c, (size.get(c) ?? 0) + 1);
  const truth = (i: number) => dataset.truth.get(store.idAt(i));
  const oldTasks = new Map<string, { a: number; b: number; weight: number }>();
  const candidates: ReviewCandidate[] = [];
  let householdPairs = 0;
  let householdTwoPeople = 0;
  for (let i = 0; i < scored.length; i++) {
    const a = scored.a[i]!;
    const b = scored.b[i]!;
    const ca = clusterIds[a]!;
    const cb = clusterIds[b]!;
    if (ca === cb) continue;
    const weight = scored.weight[i]!;
    if (weightToProbability(weight) >= 0.5) {
      const key = ca < cb ? `${ca}|${cb}` : `${cb}|${ca}`;
      const kept = oldTasks.get(key);
      if (!kept || weight > kept.weight) oldTasks.set(key, { a, b, weight });
    }
    if (households.isHousehold(a, b)) {
      householdPairs++;
      if (truth(a) !== truth(b)) householdTwoPeople++;
      continue;
    }
    candidates.push({
      a,
      b,
      weight,
      gated: !scorer.passesNameGate(a, b),
      profileA: ca,
      profileB: cb,
      records: size.get(ca)! + size.get(cb)!,
    });
  }
  const members = new Map<string, number[]>();
  clusterIds.forEach((c, i) => members.set(c, [...(members.get(c) ?? []), i]));
  const selection = selectReviewPairs(candidates, {
    policy: DEFAULT_REVIEW_POLICY,
    profileCount: size.size,
    matchProbability: resolution.model.matchThreshold,
    profileWeight: (t) =>
      meanCrossWeight(members.get(t.profileA)!, members.get(t.profileB)!, (x, y) => scorer.score(x, y)),
  });
  return {
    dataset: dataset.name,
    clusters: size.size,
    before: answer(dataset, resolution, [...oldTasks.values()]),
    after: answer(dataset, resolution, selection.tasks),
    households: {
      pairs: householdPairs,
      twoPeopleShare: Number((householdPairs ? householdTwoPeople / householdPairs : 0).toFixed(4)),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2]?.split(",");
  const rows: ReviewBandRow[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  console.log(
    `${"dataset".padEnd(22)} | before: tasks profiles changed F1auto F1answered | after: tasks profiles changed F1auto F1answered | households (two people)`,
  );
  for (const [name, load] of WIDE_DATASETS) {
    if (only && !only.includes(name)) continue;
    const row = measureReviewBand(load());
    rows.push(row);
    const q = (f: QueueFigures) =>
      `${String(f.tasks).padStart(6)} ${pct(f.profileShare)} ${pct(f.changedShare)} ${f.f1Auto.toFixed(4)} ${f.f1Answered.toFixed(4)}`;
    console.log(
      `${name.padEnd(22)} | ${q(row.before)} | ${q(row.after)} | ${row.households.pairs} (${pct(row.households.twoPeopleShare)})`,
    );
  }
  if (!only) {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "review-band.json"),
      JSON.stringify({ policy: DEFAULT_REVIEW_POLICY, rows }, null, 2) + "\n",
    );
  }
}
