// Speed and memory at scale: generated customers resolved end to end (standardize, block, train, score, cluster),
// then one-record real-time decisions (planArrivals, as core's real time makes them) against a resident index of all
// of them.
import { pairwiseScore } from "../src/evaluate";
import { planArrivals } from "../src/realtime/plan-arrivals";
import { ResidentIndex } from "../src/realtime/resident-index";
import { resolveRecordsInParallel } from "../src/resolve";
import { standardizeRecord } from "../src/standardize/record";
import { generateCustomers } from "../src/synthetic/generate";
import { decisionWeightsOf } from "../src/decide/classify";
import os from "node:os";
import { peakRssMiB } from "./machine";

// One lookup per LOOKUP_EVERY generated records is held out of the batch: 10,000 lookups at 1,000,000 records.
const LOOKUP_EVERY = Number(process.env.BENCH_LOOKUP_EVERY ?? 100);
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export interface ScaleResult {
  records: number;
  persons: number;
  stages: Record<string, number>;
  /** CPU seconds per stage (all threads of the process): steadier than wall time on a shared machine. */
  stageCpuSeconds: Record<string, number>;
  /** 1-minute load average at the end of each stage. */
  stageLoad: Record<string, number>;
  seconds: number;
  recordsPerSecond: number;
  candidatePairs: number;
  scoredPairsPerSecondInScoring: number;
  peakRssMiB: number;
  f1: number;
  precision: number;
  recall: number;
  warnings: string[];
  incremental: {
    indexSize: number;
    lookups: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    maxMs: number;
    candidatesMean: number;
    candidatesMax: number;
    /** The same percentiles in CPU time of the process (what a lookup costs, without waiting for a loaded core). */
    cpuP50Ms: number;
    cpuP99Ms: number;
    /** Load average (1 minute) when the lookups ended. */
    load: number;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureScale(persons: number, log: (line: string) => void): Promise<ScaleResult> {
  const { records, personIds } = generateCustomers({ persons, seed: 11 });
  // Held out of the batch: the lookups of the real-time path.
  const lookups = records.filter((_, i) => i % LOOKUP_EVERY === 0);
  const stored = records.filter((_, i) => i % LOOKUP_EVERY !== 0);
  const storedPersons = personIds.filter((_, i) => i % LOOKUP_EVERY !== 0);
  log(`scale: ${stored.length} records generated for ${persons} persons`);
  const stages: Record<string, number> = {};
  const stageCpuSeconds: Record<string, number> = {};
  const stageLoad: Record<string, number> = {};
  const started = performance.now();
  let cpuMark = cpuSeconds();
  // Standardization (the costliest stage) runs on one worker thread per core; the rest on the main thread.
  const resolution = await resolveRecordsInParallel(stored, {
    onStage: (stage, seconds) => {
      const cpu = cpuSeconds();
      stages[stage] = Number(seconds.toFixed(2));
      stageCpuSeconds[stage] = Number((cpu - cpuMark).toFixed(2));
      stageLoad[stage] = Number(os.loadavg()[0]!.toFixed(1));
      cpuMark = cpu;
      log(`  ${stage} ${seconds.toFixed(1)} s (cpu ${stageCpuSeconds[stage]} s, load ${stageLoad[stage]})`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const truth = new Map(stored.map((r, i) => [r.record_id, storedPersons[i]!]));
  const score = pairwiseScore(
    new Map(resolution.store.idList().map((id, i) => [id, resolution.clusterIds[i]!])),
    truth,
  );
  // The resident index real time keeps (its block limits follow the batch's pair bounds at this size).
  const index = new ResidentIndex(resolution.model, { ids: "text" });
  for (let position = 0; position < resolution.store.size; position++)
    index.put(resolution.store.record(position), resolution.clusterIds[position]!);
  index.finishLoading();
  const settings = {
    model: resolution.model,
    modelVersion: 1,
    matchWeight: decisionWeightsOf(resolution.model).matchWeight,
    profilesWithTask: 0,
  };
  let profiles = 0;
  const newProfileId = () => `new-${++profiles}`;
  const latencies: number[] = [];
  const cpuLatencies: number[] = [];
  let candidates = 0;
  let candidatesMax = 0;
  for (const record of lookups) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const arrival = { record: standardizeRecord(record), profileId: null, version: 1 };
    planArrivals(settings, index, [arrival], newProfileId);
    latencies.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuLatencies.push((used.user + used.system) / 1000);
    // What the decision looked at: the candidates its blocks gave (the record is placed now; it is not its own).
    const found = index.candidatesOf(index.store.positionOf(arrival.record.id)!).length;
    candidates += found;
    candidatesMax = Math.max(candidatesMax, found);
  }
  latencies.sort((a, b) => a - b);
  cpuLatencies.sort((a, b) => a - b);
  log(
    `  ${lookups.length} lookups: p50 ${percentile(latencies, 50).toFixed(3)} ms, p99 ${percentile(latencies, 99).toFixed(3)} ms; CPU time p50 ${percentile(cpuLatencies, 50).toFixed(3)} ms, p99 ${percentile(cpuLatencies, 99).toFixed(3)} ms (load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  const scoreStage = (stages.compare ?? 0) + (stages.score ?? 0);
  return {
    records: stored.length,
    persons,
    stages,
    stageCpuSeconds,
    stageLoad,
    seconds: Number(seconds.toFixed(1)),
    recordsPerSecond: Math.round(stored.length / seconds),
    candidatePairs: resolution.candidates.length,
    scoredPairsPerSecondInScoring: Math.round(resolution.candidates.length / Math.max(scoreStage, 1e-9)),
    peakRssMiB: peakRssMiB(),
    f1: Number(score.f1.toFixed(4)),
    precision: Number(score.precision.toFixed(4)),
    recall: Number(score.recall.toFixed(4)),
    warnings: resolution.warnings,
    incremental: {
      indexSize: index.size,
      lookups: lookups.length,
      p50Ms: Number(percentile(latencies, 50).toFixed(3)),
      p95Ms: Number(percentile(latencies, 95).toFixed(3)),
      p99Ms: Number(percentile(latencies, 99).toFixed(3)),
      maxMs: Number((latencies.at(-1) ?? 0).toFixed(3)),
      candidatesMean: Number((candidates / Math.max(lookups.length, 1)).toFixed(1)),
      candidatesMax,
      cpuP50Ms: Number(percentile(cpuLatencies, 50).toFixed(3)),
      cpuP99Ms: Number(percentile(cpuLatencies, 99).toFixed(3)),
      load: Number(os.loadavg()[0]!.toFixed(1)),
    },
  };
}
