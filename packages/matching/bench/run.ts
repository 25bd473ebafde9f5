// `npm run bench:matching`: accuracy on every labelled dataset and both synthetic generators at several seeds (the
// wide table, with mean and worst) beside the exact-key baseline, string-distance and scoring throughput, and
// speed/memory/latency at 1,000,000 records. Prints a table and writes bench/results/matching.json.
// BENCH_SCALE_PERSONS sets the scale run's size (0 skips it); BENCH_PARTS=scale runs only the scale part;
// BENCH_DATASETS=febrl4,population_20000_s11 re-runs only those datasets' accuracy (the other rows are kept from the
// last run).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureAccuracy, type AccuracyRow } from "./accuracy";
import { describeMachine } from "./machine";
import { measureScale, type ScaleResult } from "./scale";
import { measureScoringThroughput } from "./scoring-throughput";
import { benchStringDistances } from "./string-distance";
import { summarize, TARGETS, WIDE_DATASETS } from "./wide-table";

// 391,000 persons make about 1,000,000 records (2.56 records per person).
const SCALE_PERSONS = Number(process.env.BENCH_SCALE_PERSONS ?? 391_000);

const log = (line: string) => console.log(line);
const machine = describeMachine();
log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverageAtStart.join(" ")}`,
);

const onlyDatasets = process.env.BENCH_DATASETS ? new Set(process.env.BENCH_DATASETS.split(",")) : null;
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const file = path.join(resultsDir, "matching.json");
// BENCH_PARTS=scale re-runs only the scale part and keeps the accuracy figures of the last full run (with its machine).
const onlyScale = process.env.BENCH_PARTS === "scale" && existsSync(file);
const partial = (onlyScale || onlyDatasets !== null) && existsSync(file);
const previous = partial
  ? (JSON.parse(readFileSync(file, "utf8")) as {
      machine: unknown;
      accuracyMachine?: unknown;
      accuracy: AccuracyRow[];
      scale?: ScaleResult | null;
    })
  : null;
// Rows of datasets no longer in the table (renamed or dropped) are not carried over.
const accuracy: AccuracyRow[] = (previous?.accuracy ?? []).filter((r) =>
  WIDE_DATASETS.some(([name]) => name === r.dataset),
);
for (const [name, load] of onlyScale ? [] : WIDE_DATASETS) {
  if (onlyDatasets && !onlyDatasets.has(name)) continue;
  const row = measureAccuracy(load());
  const at = accuracy.findIndex((r) => r.dataset === row.dataset);
  if (at >= 0) accuracy[at] = row;
  else accuracy.push(row);
  log(
    `accuracy: ${row.dataset} F1 ${row.engine.f1} (components ${row.connectedComponents.f1}, baseline ${row.baseline.f1}) in ${row.seconds} s`,
  );
}

const distances = benchStringDistances();
const throughput = measureScoringThroughput();
log(
  `scoring: ${throughput.pairsPerCpuSecond} pairs per CPU-second on one thread (reference ${throughput.referencePairsPerCpuSecond}, x${throughput.speedup}), ${throughput.pairsPerSecond} per wall second`,
);
// Without a scale run, a partial run keeps the last scale figures.
const scale: ScaleResult | null =
  SCALE_PERSONS > 0 ? await measureScale(SCALE_PERSONS, log) : (previous?.scale ?? null);
accuracy.sort(
  (x, y) =>
    WIDE_DATASETS.findIndex(([n]) => n === x.dataset) - WIDE_DATASETS.findIndex(([n]) => n === y.dataset),
);
const summary = summarize(accuracy.map((r) => ({ dataset: r.dataset, f1: r.engine.f1 })));
const synthetic20k = accuracy.find((r) => r.dataset === "synthetic_20000_s7");

const pad = (text: string | number, width: number) => String(text).padStart(width);
const lines = [
  "",
  `${"dataset".padEnd(22)}${pad("records", 8)}${pad("P", 8)}${pad("R", 8)}${pad("F1", 8)}${pad("CC F1", 8)}${pad("rules F1", 9)}${pad("target", 8)}${pad("met", 5)}`,
  ...accuracy.map((r) => {
    const target = TARGETS[r.dataset];
    return (
      `${r.dataset.padEnd(22)}${pad(r.records, 8)}${pad(r.engine.precision.toFixed(3), 8)}${pad(r.engine.recall.toFixed(3), 8)}` +
      `${pad(r.engine.f1.toFixed(4), 8)}${pad(r.connectedComponents.f1.toFixed(4), 8)}${pad(r.baseline.f1.toFixed(4), 9)}` +
      `${pad(target ?? "-", 8)}${pad(target === undefined ? "" : r.engine.f1 >= target ? "yes" : "NO", 5)}`
    );
  }),
  `${"mean".padEnd(22)}${pad("", 32)}${pad(summary.meanF1.toFixed(4), 8)}`,
  `${"worst".padEnd(22)}${pad("", 32)}${pad(summary.worst.f1.toFixed(4), 8)}  (${summary.worst.dataset})`,
  `family means: ${Object.entries(summary.familyMeans)
    .map(([family, f1]) => `${family} ${f1.toFixed(4)}`)
    .join(", ")}`,
  "",
  ...distances.map((d) => `${d.name.padEnd(44)} ${d.nanosecondsPerCall.toFixed(0)} ns/call`),
  `scoring throughput: ${throughput.pairsPerCpuSecond} pairs per CPU-second on one core (target >= 1,000,000; ${throughput.pairsPerSecond} per wall second; reference implementation ${throughput.referencePairsPerCpuSecond}, kernel x${throughput.speedup})`,
];
if (scale) {
  lines.push(
    `scale: ${scale.records} records in ${scale.seconds} s (${scale.recordsPerSecond} records/s; target <= 60 s), peak RSS ${scale.peakRssMiB} MiB (target <= 4096)`,
    `  stages: ${Object.entries(scale.stages)
      .map(
        ([k, v]) =>
          `${k} ${v} s (cpu ${scale.stageCpuSeconds?.[k] ?? "?"}, load ${scale.stageLoad?.[k] ?? "?"})`,
      )
      .join(", ")}; ${scale.candidatePairs} candidate pairs`,
    `  F1 at scale ${scale.f1} vs ${synthetic20k?.engine.f1 ?? "?"} at 20,000 persons (allowed drop 0.04)`,
    `  real time (planArrivals): ${scale.incremental.lookups} decisions against ${scale.incremental.indexSize} records: p50 ${scale.incremental.p50Ms} ms, p95 ${scale.incremental.p95Ms} ms, p99 ${scale.incremental.p99Ms} ms (target <= 5), max ${scale.incremental.maxMs} ms; CPU time p50 ${scale.incremental.cpuP50Ms ?? "?"} ms, p99 ${scale.incremental.cpuP99Ms ?? "?"} ms; ${scale.incremental.candidatesMean} candidates each (max ${scale.incremental.candidatesMax}); load ${scale.incremental.load}`,
  );
}
for (const line of lines) log(line);

mkdirSync(resultsDir, { recursive: true });
const accuracyMachine = previous
  ? onlyScale
    ? (previous.accuracyMachine ?? previous.machine)
    : machine
  : machine;
writeFileSync(
  file,
  JSON.stringify(
    {
      machine,
      accuracyMachine,
      targets: TARGETS,
      summary,
      accuracy,
      stringDistances: distances,
      scoringThroughput: throughput,
      scale,
    },
    null,
    2,
  ) + "\n",
);
log(`written: ${path.relative(process.cwd(), file)}`);
