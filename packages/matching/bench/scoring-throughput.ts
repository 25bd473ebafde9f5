// Scored pairs per second on one core: comparison levels + weight for candidate pairs of generated customers.
import { generateCandidatePairs, defaultBlockingRules } from "../src/blocking";
import { defaultComparisons } from "../src/compare/comparisons";
import { createModel } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { buildStore } from "../src/resolve";
import { generateCustomers } from "../src/synthetic/generate";

export function measureScoringThroughput(persons = 40_000): { pairs: number; seconds: number; pairsPerSecond: number } {
  const store = buildStore(generateCustomers({ persons, seed: 2 }).records);
  const model = createModel(defaultComparisons(store), defaultBlockingRules(store));
  const candidates = generateCandidatePairs(store, model.blockingRules);
  const scorer = new PairScorer(model, store);
  let sink = 0;
  // Warm-up pass fills the per-value caches (phonetic codes...) as a real run's training pass does.
  for (let i = 0; i < candidates.length; i++) sink += scorer.score(candidates.a[i]!, candidates.b[i]!);
  const started = performance.now();
  const rounds = 3;
  for (let r = 0; r < rounds; r++) for (let i = 0; i < candidates.length; i++) sink += scorer.score(candidates.a[i]!, candidates.b[i]!);
  const seconds = (performance.now() - started) / 1000;
  if (Number.isNaN(sink)) console.log("unreachable");
  return { pairs: candidates.length * rounds, seconds, pairsPerSecond: (candidates.length * rounds) / seconds };
}

if (process.argv[1]?.endsWith("scoring-throughput.ts")) {
  const result = measureScoringThroughput();
  console.log(`${result.pairs} pairs scored in ${result.seconds.toFixed(2)} s: ${Math.round(result.pairsPerSecond)} pairs/s on one core`);
}
