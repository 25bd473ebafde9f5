// Before/after of the stages decision 0102's 2026-11 change touched (training with the prior by first blocking rule,
// clustering with the same-source check), in one process on the same data, rounds alternating: wall-clock
// comparisons between runs mean little on a shared machine. OLD_MATCHING points at a copy of the package before the
// change (`git archive <commit> packages/matching | tar -x -C /tmp/old`).
// `OLD_MATCHING=/tmp/old/packages/matching npx tsx bench/stage-compare.ts 391000`
import os from "node:os";
import path from "node:path";
import { clusterPairs } from "../src/cluster";
import { createModel, probabilityToWeight, type MatchModel } from "../src/model/model";
import { PairScorer } from "../src/model/scorer";
import { computePatterns, estimateMByEm, estimateU } from "../src/model/train";
import { scoreCandidates } from "../src/resolve";
import { generateCandidatePairs, defaultBlockingRules } from "../src/block";
import { defaultComparisons } from "../src/compare/comparisons";
import { standardizeInParallel } from "../src/parallel/standardize-parallel";
import { generateCustomers } from "../src/synthetic/generate";

const persons = Number(process.argv[2] ?? 100_000);
const oldRoot = process.env.OLD_MATCHING;
if (!oldRoot) throw new Error("set OLD_MATCHING to the package before the change");
const oldTrain = (await import(path.join(oldRoot, "src/model/train.ts"))) as {
  estimateMByEm: typeof estimateMByEm;
};
const oldCluster = (await import(path.join(oldRoot, "src/cluster.ts"))) as {
  clusterPairs: typeof clusterPairs;
};

const { records } = generateCustomers({ persons, seed: 11 });
const store = await standardizeInParallel(records, {});
const rules = defaultBlockingRules(store);
const candidates = generateCandidatePairs(store, rules, {});
const base = createModel(defaultComparisons(store), rules);
const patterns = computePatterns(new PairScorer(base, store), candidates);
estimateU(base, store, {});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const timed = <T>(f: () => T): [T, number, number] => {
  const c = cpu();
  const t = performance.now();
  const result = f();
  return [result, (performance.now() - t) / 1000, cpu() - c];
};
const rows: string[] = [];
let trainedNew: MatchModel | null = null;
for (let round = 0; round < 2; round++) {
  for (const [name, train] of [
    ["before", oldTrain.estimateMByEm],
    ["after", estimateMByEm],
  ] as const) {
    const model = structuredClone(base);
    const [, wall, cpuSeconds] = timed(() => train(model, store, candidates, {}, patterns));
    if (name === "after") trainedNew = model;
    rows.push(
      `train (m by EM + prior) ${name}: ${wall.toFixed(2)} s, ${cpuSeconds.toFixed(2)} CPU-s, load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
}
const model = trainedNew!;
const scorer = new PairScorer(model, store);
const scored = scoreCandidates(scorer, candidates, patterns);
const options = {
  matchWeight: probabilityToWeight(model.matchThreshold),
  cannotLinkWeight: model.cannotLinkWeight,
  scorePair: (a: number, b: number) => scorer.score(a, b),
  mayLink: (a: number, b: number) => scorer.passesNameGate(a, b),
};
for (let round = 0; round < 2; round++) {
  const [before, wb, cb] = timed(() => oldCluster.clusterPairs(store.size, scored, options));
  rows.push(
    `cluster before (no same-source check): ${wb.toFixed(2)} s, ${cb.toFixed(2)} CPU-s, ${before.refusedMerges} merges refused, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const [after, wa, ca] = timed(() =>
    clusterPairs(store.size, scored, {
      ...options,
      sources: store.sources,
      sameSourceCannotLinkWeight: model.sameSourceCannotLinkWeight,
    }),
  );
  rows.push(
    `cluster after (same-source check): ${wa.toFixed(2)} s, ${ca.toFixed(2)} CPU-s, ${after.refusedMerges} merges refused, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
}
console.log(`${store.size} records, ${candidates.length} candidate pairs\n${rows.join("\n")}`);
