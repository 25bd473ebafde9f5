// Diagnostic for tuning on one dataset: blocking recall, and F1 at several match thresholds.
import { pairwiseScore } from "../src/evaluate";
import { formatModel } from "../src/model/model";
import { resolveRecords } from "../src/resolve";
import { syntheticDataset } from "./synthetic-dataset";
import {
  loadFake1000,
  loadFebrl,
  loadFebrl4,
  loadHistorical50k,
  loadSenzingTruthSet,
  type Dataset,
} from "./datasets";

const loaders: Record<string, () => Dataset> = {
  febrl1: () => loadFebrl("1"),
  febrl2: () => loadFebrl("2"),
  febrl3: () => loadFebrl("3"),
  febrl4: loadFebrl4,
  fake_1000: loadFake1000,
  synthetic: () => syntheticDataset(Number(process.env.PERSONS ?? 5000), 7),
  historical_50k: loadHistorical50k,
  senzing_truthset: loadSenzingTruthSet,
};
const dataset = loaders[process.argv[2] ?? "fake_1000"]!();
const base = resolveRecords(dataset.records, { linkOnly: dataset.task === "link" });
const { store, candidates } = base;
let blockedTrue = 0;
for (let i = 0; i < candidates.length; i++) {
  if (dataset.truth.get(store.idAt(candidates.a[i]!)) === dataset.truth.get(store.idAt(candidates.b[i]!)))
    blockedTrue++;
}
const truePairs = pairwiseScore(new Map(), dataset.truth).truePairs;
console.log(
  `${dataset.name}: ${candidates.length} candidate pairs hold ${blockedTrue} of ${truePairs} true pairs (blocking recall ${(blockedTrue / truePairs).toFixed(4)})`,
);
for (const r of candidates.reports)
  console.log(`  ${r.rule}: ${r.pairs} new pairs of ${r.potentialPairs}, largest block ${r.largestBlock}`);
if (process.env.SHOW_MODEL) console.log(formatModel(base.model) + "\n" + base.model.trainingLog.join("\n"));
for (const threshold of (process.env.THRESHOLDS ?? "0.5,0.8,0.9,0.95,0.99").split(",").map(Number)) {
  for (const guard of [false, true]) {
    const model = {
      ...base.model,
      matchThreshold: threshold,
      cannotLinkWeight: Number(process.env.CANNOT_LINK ?? base.model.cannotLinkWeight),
      nameGate: process.env.NAME_GATE === "off" ? null : base.model.nameGate,
    };
    const run = resolveRecords(dataset.records, {
      model,
      linkOnly: dataset.task === "link",
      guardAgainstChaining: guard,
    });
    const s = pairwiseScore(
      new Map(run.store.idList().map((id, i) => [id, run.clusterIds[i]!])),
      dataset.truth,
    );
    console.log(
      `  threshold ${threshold} ${guard ? "guarded" : "components"}: P ${s.precision.toFixed(4)} R ${s.recall.toFixed(4)} F1 ${s.f1.toFixed(4)} refused ${run.clustering.refusedMerges}`,
    );
  }
}
