// How well the model's match probabilities are calibrated, on every dataset of the wide table: candidate pairs
// that ended in two clusters (the ones review could change), bucketed by probability, with the share that are
// truly one entity; split by whether the name gate held the pair apart.
// Usage: npx tsx bench/calibration.ts [dataset,dataset...]
import { weightToProbability } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { resolveRecords } from "../src/resolve";
import { WIDE_DATASETS } from "./wide-table";

const only = process.argv[2] ? new Set(process.argv[2].split(",")) : null;
const edges = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.88, 0.95, 0.99, 0.999, 1.0001];
for (const [name, load] of WIDE_DATASETS) {
  if (only && !only.has(name)) continue;
  const dataset = load();
  const resolution = resolveRecords(dataset.records, { linkOnly: dataset.task === "link" });
  const scorer = new PairScorer(resolution.model, resolution.store);
  const truthOf = (i: number) => dataset.truth.get(resolution.store.idAt(i));
  const buckets = edges.slice(0, -1).map(() => ({ gated: [0, 0], open: [0, 0] }));
  for (let i = 0; i < resolution.scored.length; i++) {
    const a = resolution.scored.a[i]!;
    const b = resolution.scored.b[i]!;
    if (resolution.clusterIds[a] === resolution.clusterIds[b]) continue;
    const p = weightToProbability(resolution.scored.weight[i]!);
    const k = edges.findIndex((e, j) => p >= e && p < edges[j + 1]!);
    const cell = scorer.passesNameGate(a, b) ? buckets[k]!.open : buckets[k]!.gated;
    cell[0]!++;
    if (truthOf(a) === truthOf(b)) cell[1]!++;
  }
  console.log(`\n${name}: pairs left in two clusters, by model probability (n, share truly one entity)`);
  buckets.forEach((b, k) => {
    const fmt = ([n, m]: number[]) =>
      n ? `${String(n).padStart(7)} ${(m! / n).toFixed(3)}` : `${"".padStart(7)}   -  `;
    console.log(
      `  [${edges[k]!.toFixed(3)}, ${Math.min(1, edges[k + 1]!).toFixed(3)})  name gate passes: ${fmt(b.open)}   held by the gate: ${fmt(b.gated)}`,
    );
  });
}
