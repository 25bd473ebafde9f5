// Prints the wide accuracy table of bench/results/matching.json as Markdown, for the README and docs/matching.md.
// Usage: npx tsx bench/markdown-table.ts [results.json]
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AccuracyRow } from "./accuracy";
import type { Summary } from "./wide-table";

const file =
  process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "results", "matching.json");
const results = JSON.parse(readFileSync(file, "utf8")) as {
  accuracy: AccuracyRow[];
  summary: Summary;
  targets: Record<string, number>;
};
const lines = [
  "| dataset | records | precision | recall | F1 | F1, connected components | F1, exact-key rules | goal |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
  ...results.accuracy.map((r) => {
    const goal = results.targets[r.dataset];
    const met = goal === undefined ? "-" : `>= ${goal} ${r.engine.f1 >= goal ? "met" : "**not met**"}`;
    return `| ${r.dataset} | ${r.records} | ${r.engine.precision.toFixed(4)} | ${r.engine.recall.toFixed(4)} | **${r.engine.f1.toFixed(4)}** | ${r.connectedComponents.f1.toFixed(4)} | ${r.baseline.f1.toFixed(4)} | ${met} |`;
  }),
  `| **mean** (${results.summary.datasets} datasets) | | | | **${results.summary.meanF1.toFixed(4)}** | | | |`,
  `| **worst** | | | | **${results.summary.worst.f1.toFixed(4)}** (${results.summary.worst.dataset}) | | | |`,
];
console.log(lines.join("\n"));
console.log(
  `\nFamily means: ${Object.entries(results.summary.familyMeans)
    .map(([f, v]) => `${f} ${v.toFixed(4)}`)
    .join(", ")}.`,
);
