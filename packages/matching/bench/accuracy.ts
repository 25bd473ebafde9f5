// Accuracy of the engine (guarded clustering and plain connected components) and the exact-key baseline on one dataset.
import { pairwiseScore, type PairwiseScore } from "../src/evaluate";
import { resolveRecords } from "../src/resolve";
import { exactKeyBaseline } from "./baseline";
import type { Dataset } from "./datasets";

export interface AccuracyRow {
  dataset: string;
  task: "dedupe" | "link";
  records: number;
  truePairs: number;
  engine: PairwiseScore;
  connectedComponents: PairwiseScore;
  baseline: PairwiseScore;
  refusedMerges: number;
  candidatePairs: number;
  seconds: number;
}

const summary = (s: PairwiseScore): PairwiseScore => ({
  ...s,
  precision: Number(s.precision.toFixed(4)),
  recall: Number(s.recall.toFixed(4)),
  f1: Number(s.f1.toFixed(4)),
});

export function measureAccuracy(dataset: Dataset): AccuracyRow {
  const linkOnly = dataset.task === "link";
  const started = performance.now();
  const guarded = resolveRecords(dataset.records, { linkOnly });
  const seconds = (performance.now() - started) / 1000;
  const components = resolveRecords(dataset.records, {
    linkOnly,
    model: guarded.model,
    guardAgainstChaining: false,
  });
  const ids = dataset.records.map((r) => r.record_id);
  const score = (clusters: string[]) =>
    summary(pairwiseScore(new Map(ids.map((id, i) => [id, clusters[i]!])), dataset.truth));
  const engine = score(guarded.clusterIds);
  return {
    dataset: dataset.name,
    task: dataset.task,
    records: dataset.records.length,
    truePairs: engine.truePairs,
    engine,
    connectedComponents: score(components.clusterIds),
    baseline: score(exactKeyBaseline(dataset.records)),
    refusedMerges: guarded.clustering.refusedMerges,
    candidatePairs: guarded.candidates.length,
    seconds: Number(seconds.toFixed(2)),
  };
}
