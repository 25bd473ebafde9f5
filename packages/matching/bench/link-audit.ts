// Diagnostic: which accepted links of the clustering join different persons, and how (direct false link, or a true
// link that merges two clusters already holding different persons). `npx tsx bench/link-audit.ts 100000`
import { clusterPairs } from "../src/cluster";
import { pairwiseScore } from "../src/evaluate";
import { probabilityToWeight } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { resolveRecordsInParallel } from "../src/resolve";
import { generateCustomers } from "../src/synthetic/generate";

const persons = Number(process.argv[2] ?? 100000);
const { records, personIds } = generateCustomers({ persons, seed: 11 });
const r = await resolveRecordsInParallel(records, {});
const scorer = new PairScorer(r.model, r.store);
const truth = new Map(records.map((rec, i) => [rec.record_id, personIds[i]!]));
const f1 = (clusterOf: Int32Array) =>
  pairwiseScore(new Map(r.store.idList().map((id, i) => [id, r.store.idAt(clusterOf[i]!)])), truth);
const s = f1(r.clustering.clusterOf);
console.log(
  `N=${persons} records=${records.length} P ${s.precision.toFixed(4)} R ${s.recall.toFixed(4)} F1 ${s.f1.toFixed(4)} refused ${r.clustering.refusedMerges}`,
);
console.log(
  `prior ${r.model.probabilityTwoRandomRecordsMatch.toExponential(3)} (${scorer.priorWeight.toFixed(2)} bits), match weight ${probabilityToWeight(r.model.matchThreshold).toFixed(2)}`,
);
// true pairs count
const per = new Map<string, number>();
for (const p of personIds) per.set(p, (per.get(p) ?? 0) + 1);
let truePairs = 0;
for (const c of per.values()) truePairs += (c * (c - 1)) / 2;
const n = records.length;
console.log(`true prior ${(truePairs / ((n * (n - 1)) / 2)).toExponential(3)}`);
// Direct false links: linked pairs (above threshold, passing gate) between different persons, by weight band.
const matchWeight = probabilityToWeight(r.model.matchThreshold);
const labels = r.model.comparisons.map((c) => c.levels.map((l) => l.label));
const bands = new Map<number, [number, number]>();
const tally = new Map<string, number>();
const direct = new Map<string, [number, number, number]>();
for (let i = 0; i < r.scored.length; i++) {
  const w = r.scored.weight[i]!;
  if (w < matchWeight) continue;
  const a = r.scored.a[i]!,
    b = r.scored.b[i]!;
  if (!scorer.passesNameGate(a, b)) continue;
  const same = personIds[a] === personIds[b];
  const band = Math.floor(w / 2) * 2;
  const e = bands.get(band) ?? [0, 0];
  e[same ? 0 : 1]++;
  bands.set(band, e);
  {
    const key = r.model.comparisons
      .map((c, k) => `${c.spec.name}=${labels[k]![scorer.levelFunctions[k]!(a, b)]}`)
      .filter((t) => !t.endsWith("=null"))
      .join(" | ");
    const e = direct.get(key) ?? [0, 0, 0];
    e[same ? 0 : 1]++;
    e[2] += w;
    direct.set(key, e);
  }
}
console.log(
  "links by weight band (true, false):",
  [...bands]
    .sort((x, y) => x[0] - y[0])
    .map(([b, [t, f]]) => `${b}:${t}/${f}`)
    .join(" "),
);
console.log("direct links above the threshold by pattern (true/false, mean weight):");
for (const [k, [t, f, w]] of [...direct].sort((x, y) => y[1][1] - x[1][1]).slice(0, 25))
  console.log(`  ${t}/${f} w ${(w / (t + f)).toFixed(1)}: ${k}`);
console.log("false links kept in clusters, by pattern:");
for (const [k, v] of [...tally].sort((x, y) => y[1] - x[1]).slice(0, 12)) console.log(" ", v, k);
// Cluster-size distribution of false pairs.
const clusterMembers = new Map<number, number[]>();
r.clustering.clusterOf.forEach((c, i) => clusterMembers.set(c, [...(clusterMembers.get(c) ?? []), i]));
const bySize = new Map<number, [number, number]>();
for (const members of clusterMembers.values()) {
  const size = Math.min(members.length, 10);
  const e = bySize.get(size) ?? [0, 0];
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++)
      e[personIds[members[x]!] === personIds[members[y]!] ? 0 : 1]++;
  bySize.set(size, e);
}
console.log(
  "pairs in clusters by cluster size (true/false):",
  [...bySize]
    .sort((x, y) => x[0] - y[0])
    .map(([b, [t, f]]) => `${b}:${t}/${f}`)
    .join(" "),
);
export { clusterPairs };
