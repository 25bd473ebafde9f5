// Quick check of a change: P, R and F1 of the engine on some (or all) datasets of the wide table, without the
// rest of bench:matching. Usage: npx tsx bench/wide-f1.ts [dataset,dataset...]
import { pairwiseScore } from "../src/evaluate";
import { resolveRecords } from "../src/resolve";
import { WIDE_DATASETS } from "./wide-table";
const only = process.argv[2]?.split(",");
const rows: string[] = [];
for (const [name, load] of WIDE_DATASETS) {
  if (only && !only.includes(name)) continue;
  const d = load();
  const r = resolveRecords(d.records, { linkOnly: d.task === "link" });
  const s = pairwiseScore(new Map(r.store.idList().map((id, i) => [id, r.clusterIds[i]!])), d.truth);
  rows.push(`${name.padEnd(22)} P ${s.precision.toFixed(4)} R ${s.recall.toFixed(4)} F1 ${s.f1.toFixed(4)}`);
  console.log(rows[rows.length - 1]);
}
