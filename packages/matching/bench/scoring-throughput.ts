// Scored pairs per second on one core: comparison levels + weight for candidate pairs of generated customers.
// The kernel (PairScorer.score) runs beside the reference (compileComparison levels + the same weights), rounds
// alternating, so the ratio holds on a loaded machine; rates are per CPU-second of this thread as well as per
// wall-clock second (CPU time is what other engineers' load does not inflate as much).
import { generateCandidatePairs, defaultBlockingRules } from "../src/block";
import { compileComparison, defaultComparisons, EXACT_LEVEL } from "../src/compare/comparisons";
import { createModel } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { buildStore } from "../src/resolve";
import { generateCustomers } from "../src/synthetic/generate";

export interface ScoringThroughput {
  records: number;
  pairs: number;
  seconds: number;
  /** Kernel, per wall-clock second. */
  pairsPerSecond: number;
  /** Kernel, per CPU-second. */
  pairsPerCpuSecond: number;
  /** The reference implementation (before the kernel), per CPU-second. */
  referencePairsPerCpuSecond: number;
  speedup: number;
}

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export function measureScoringThroughput(
  persons = Number(process.env.BENCH_SCORING_PERSONS ?? 40_000),
): ScoringThroughput {
  const store = buildStore(generateCustomers({ persons, seed: 2 }).records);
  const model = createModel(defaultComparisons(store), defaultBlockingRules(store));
  const candidates = generateCandidatePairs(store, model.blockingRules);
  const scorer = new PairScorer(model, store);
  const references = model.comparisons.map((c) => compileComparison(c.spec, store));
  const referenceScore = (a: number, b: number): number => {
    let total = scorer.priorWeight;
    for (let k = 0; k < references.length; k++) {
      const level = references[k]!(a, b);
      total += scorer.weights[k]![level]!;
      if (level === EXACT_LEVEL) total += scorer.termFrequencyAdjustment(k, a);
    }
    return total;
  };
  let sink = 0;
  const { a, b, length } = candidates;
  // Warm-up passes fill the per-value caches (phonetic codes...) as a real run's training pass does.
  for (let i = 0; i < length; i++) sink += scorer.score(a[i]!, b[i]!) + referenceScore(a[i]!, b[i]!);
  let kernelWall = 0;
  let kernelCpu = 0;
  let referenceCpu = 0;
  const rounds = 3;
  for (let r = 0; r < rounds; r++) {
    let wall = performance.now();
    let cpu = cpuSeconds();
    for (let i = 0; i < length; i++) sink += scorer.score(a[i]!, b[i]!);
    kernelCpu += cpuSeconds() - cpu;
    kernelWall += (performance.now() - wall) / 1000;
    wall = performance.now();
    cpu = cpuSeconds();
    for (let i = 0; i < length; i++) sink += referenceScore(a[i]!, b[i]!);
    referenceCpu += cpuSeconds() - cpu;
  }
  if (Number.isNaN(sink)) console.log("unreachable");
  const pairs = length * rounds;
  return {
    records: store.size,
    pairs,
    seconds: Number(kernelWall.toFixed(3)),
    pairsPerSecond: Math.round(pairs / kernelWall),
    pairsPerCpuSecond: Math.round(pairs / kernelCpu),
    referencePairsPerCpuSecond: Math.round(pairs / referenceCpu),
    speedup: Number((referenceCpu / kernelCpu).toFixed(2)),
  };
}

if (process.argv[1]?.endsWith("scoring-throughput.ts")) {
  const result = measureScoringThroughput();
  console.log(JSON.stringify(result));
}
