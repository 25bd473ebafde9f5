// Diagnostic: the pipeline on generated customers, serially, with wall and CPU seconds per stage and the F1 —
// run under `node --cpu-prof --import tsx bench/pipeline-stages.ts 100000` to see where a stage spends its time.
import { resolveRecords } from "../src/resolve";
import { generateCustomers } from "../src/synthetic/generate";
import { pairwiseScore } from "../src/evaluate";
const persons = Number(process.argv[2] ?? 100000);
const { records, personIds } = generateCustomers({ persons, seed: 11 });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let c = cpu();
const r = resolveRecords(records, {
  onStage: (s, sec) => {
    const n = cpu();
    console.log(s.padEnd(12), "wall", sec.toFixed(2), "cpu", (n - c).toFixed(2));
    c = n;
  },
});
const truth = new Map(records.map((x, i) => [x.record_id, personIds[i]!]));
const score = pairwiseScore(new Map(r.store.idList().map((id, i) => [id, r.clusterIds[i]!])), truth);
console.log(
  records.length,
  "records",
  r.candidates.length,
  "pairs",
  "F1",
  score.f1.toFixed(4),
  "P",
  score.precision.toFixed(4),
  "R",
  score.recall.toFixed(4),
);
