// Diagnostic: why true pairs end in two clusters (never a candidate, below the threshold, held by the name gate,
// refused by the guard), by source pair and comparison pattern. Usage: npx tsx bench/missed-pairs.ts DATASET
import { weightToProbability } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { resolveRecords } from "../src/resolve";
import { WIDE_DATASETS } from "./wide-table";

const name = process.argv[2] ?? "population_20000_s11";
const dataset = WIDE_DATASETS.find(([n]) => n === name)![1]();
const r = resolveRecords(dataset.records, { linkOnly: dataset.task === "link" });
const scorer = new PairScorer(r.model, r.store);
const truth = (i: number) => dataset.truth.get(r.store.idAt(i))!;
const candidate = new Map<string, number>();
for (let i = 0; i < r.scored.length; i++)
  candidate.set(`${r.scored.a[i]}|${r.scored.b[i]}`, r.scored.weight[i]!);
const members = new Map<string, number[]>();
for (let i = 0; i < r.store.size; i++) members.set(truth(i), [...(members.get(truth(i)) ?? []), i]);
const reasons = new Map<string, number>();
const patterns = new Map<string, number>();
const sourcesOf = new Map<string, number>();
const labels = r.model.comparisons.map((c) => c.levels.map((l) => l.label));
const matchWeight = Math.log2(r.model.matchThreshold / (1 - r.model.matchThreshold));
let missed = 0;
for (const group of members.values()) {
  for (let x = 0; x < group.length; x++)
    for (let y = x + 1; y < group.length; y++) {
      const a = group[x]!,
        b = group[y]!;
      if (r.clusterIds[a] === r.clusterIds[b]) continue;
      missed++;
      const w = candidate.get(`${a}|${b}`) ?? candidate.get(`${b}|${a}`);
      const reason =
        w === undefined
          ? "not a candidate"
          : !scorer.passesNameGate(a, b)
            ? "name gate"
            : w < matchWeight
              ? `below threshold (p ${weightToProbability(w) < 0.5 ? "<0.5" : "0.5-0.88"})`
              : "refused by guard";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      const src = [r.store.sources[a], r.store.sources[b]].sort().join("+");
      sourcesOf.set(src, (sourcesOf.get(src) ?? 0) + 1);
      if (reason !== "refused by guard") {
        const key =
          `${reason}: ` +
          r.model.comparisons
            .map((c, k) => {
              const l = labels[k]![scorer.levelFunctions[k]!(a, b)]!;
              return l === "null" ? "" : `${c.spec.name}=${l}`;
            })
            .filter(Boolean)
            .join(" | ");
        patterns.set(key, (patterns.get(key) ?? 0) + 1);
      }
    }
}
console.log(`${name}: ${missed} true pairs missed`);
for (const [k, v] of [...reasons].sort((p, q) => q[1] - p[1])) console.log(`  ${v}  ${k}`);
console.log("by sources:");
for (const [k, v] of [...sourcesOf].sort((p, q) => q[1] - p[1]).slice(0, 12)) console.log(`  ${v}  ${k}`);
console.log("patterns:");
for (const [k, v] of [...patterns].sort((p, q) => q[1] - p[1]).slice(0, Number(process.env.TOP ?? 25)))
  console.log(`  ${v}  ${k}`);
