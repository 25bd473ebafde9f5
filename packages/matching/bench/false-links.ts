// Diagnostic: which comparison patterns the falsely joined pairs (same cluster, different persons) have, at N persons.
import { resolveRecords } from "../src/resolve";
import { generateCustomers } from "../src/synthetic/generate";
import { PairScorer } from "../src/model/scorer";
const persons = Number(process.argv[2] ?? 100000);
const { records, personIds } = generateCustomers({ persons, seed: 11 });
const r = resolveRecords(records, {});
const scorer = new PairScorer(r.model, r.store);
const person = (p: number) => personIds[p]!;
const tally = new Map<string, number>();
let fp = 0,
  tp = 0;
const labels = r.model.comparisons.map((c) => c.levels.map((l) => l.label));
for (let i = 0; i < r.scored.length; i++) {
  const a = r.scored.a[i]!,
    b = r.scored.b[i]!;
  if (r.clustering.clusterOf[a] !== r.clustering.clusterOf[b]) continue;
  if (person(a) === person(b)) {
    tp++;
    continue;
  }
  fp++;
  const key = r.model.comparisons
    .map((c, k) => `${c.spec.name}=${labels[k]![scorer.levelFunctions[k]!(a, b)]}`)
    .join(" | ");
  tally.set(key, (tally.get(key) ?? 0) + 1);
}
console.log("linked candidate pairs: true", tp, "false", fp);
for (const [k, v] of [...tally].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(v, k);
console.log(r.model.trainingLog.slice(-1)[0], r.model.probabilityTwoRandomRecordsMatch);
