// npm run bench:predict [-- --profiles N] [--horizon-days N]: the churn model and next-best-offer on synthetic
// customers (@c360/predict's buy-till-you-die generator), generated as they are read. Prints profiles, events,
// train / score seconds, per-profile re-score, peak RSS, the out-of-time AUC against recency alone and the rule-based
// score (compute-engagement.ts) on the same window, lift, and offers' hit rate at 3 against popularity.
// Never asserts a time: the figures go into docs/decisions/2301-predictions.md and the README.
import {
  computeAuc,
  computeFeatures,
  createChurnTrainer,
  DAY_MS,
  explainChurn,
  FEATURE_COUNT,
  knownAt,
  labelChurn,
  recommendOffers,
  scoreChurn,
  scoreChurnMatrix,
  SkuIndex,
  synthesizeHistories,
  synthesizeHistory,
} from "@c360/predict";
import { cpus, loadavg } from "node:os";
import { ruleChurnScore } from "../src/predictions/rule-churn-score";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const profiles = flag("profiles", 50_000);
const horizonDays = flag("horizon-days", 90);
const end = Date.UTC(2026, 11, 1);
const seed = 2301;
const seconds = (start: number) => (performance.now() - start) / 1000;
const mib = () => Math.round(process.resourceUsage().maxRSS / 1024);
const f3 = (v: number) => v.toFixed(3);

console.log(
  `bench:predict  profiles ${profiles.toLocaleString("en-US")}, horizon ${horizonDays} days, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
);

// 1. Generation alone (the same events the training pass generates again), to subtract from the training pass.
let start = performance.now();
let events = 0;
for (const h of synthesizeHistories({ profiles, end, seed })) events += h.events.length;
const generateSeconds = seconds(start);
console.log(
  `events ${events.toLocaleString("en-US")} (${(events / profiles).toFixed(1)} per profile), generated in ${generateSeconds.toFixed(1)} s`,
);

// 2. Training: one pass over every history (features at three cut-offs, labels, baskets), fit, calibrate, evaluate.
start = performance.now();
const trainer = createChurnTrainer({ asOf: end, horizonDays });
for (const h of synthesizeHistories({ profiles, end, seed })) trainer.add(h);
const training = trainer.finish();
const trainTotal = seconds(start);
const trainSeconds = Math.max(0, trainTotal - generateSeconds);
console.log(
  `train ${trainSeconds.toFixed(1)} s (pass with generation ${trainTotal.toFixed(1)} s), ${training.evaluation.trainRows.toLocaleString("en-US")} training rows, peak RSS ${mib()} MiB`,
);

// 3. Scoring everyone: probability, top 3 reasons and 3 offers per profile (what core stores).
const { features, owned, profileIds } = training.scoring;
start = performance.now();
const probabilities = scoreChurnMatrix(training.model, features);
const probabilitySeconds = seconds(start);
let reasons = 0;
let offers = 0;
for (let i = 0; i < profileIds.length; i++) {
  reasons += explainChurn(training.model, features.values, i * FEATURE_COUNT).length;
  offers += recommendOffers(training.offers, owned[i]!).length;
}
const scoreSeconds = seconds(start);
console.log(
  `score ${scoreSeconds.toFixed(1)} s for ${profileIds.length.toLocaleString("en-US")} profiles with reasons and offers (probabilities alone ${probabilitySeconds.toFixed(2)} s); ${reasons + offers > 0 ? "" : "no output!"}`,
);

// 4. Re-scoring one profile on arrival of an event: features from its events, probability, reasons, offers.
const skus = new SkuIndex();
training.offers.skus.forEach((s) => skus.id(s));
const samples: number[] = [];
let sink = 0;
for (let i = 0; i < 2000; i++) {
  const h = synthesizeHistory((i * 7919) % profiles, end, seed);
  const t = performance.now();
  const row = computeFeatures(h.events, end, h.consent);
  sink += scoreChurn(training.model, row);
  sink += explainChurn(training.model, row).length;
  const have: number[] = [];
  for (const e of h.events) for (const s of e.skus ?? []) have.push(skus.id(s));
  sink += recommendOffers(training.offers, have).length;
  samples.push(performance.now() - t);
}
samples.sort((a, b) => a - b);
console.log(
  `re-score one profile: median ${samples[1000]!.toFixed(3)} ms, p99 ${samples[1980]!.toFixed(3)} ms (${sink > 0 ? "2,000 profiles" : ""})`,
);

// 5. The rule-based score on the same out-of-time window (its own pass: it is core's, not the package's).
const t1 = end - horizonDays * DAY_MS;
const rule: number[] = [];
const labels: number[] = [];
for (const h of synthesizeHistories({ profiles, end, seed })) {
  if (!knownAt(h.events, t1)) continue;
  rule.push(ruleChurnScore(h.events, t1));
  labels.push(labelChurn(h.events, t1, horizonDays));
}
const { evaluation, offersEvaluation } = training;
const m = evaluation.model;
console.log(
  `out-of-time AUC ${f3(m.auc)}  vs recency alone ${f3(evaluation.recencyAuc)}  vs rule-based score ${f3(computeAuc(rule, labels))}  (${evaluation.testRows.toLocaleString("en-US")} people, churn rate ${(m.baseRate * 100).toFixed(1)}%)`,
);
console.log(
  `log loss ${f3(m.logLoss)}, calibration error ${f3(m.calibrationError)}, lift in the top decile ${m.liftTopDecile.toFixed(2)}`,
);
console.log(
  `offers hit@3 ${(offersEvaluation.hitRate * 100).toFixed(1)}% vs popularity ${(offersEvaluation.popularityHitRate * 100).toFixed(1)}% = ${offersEvaluation.ratio.toFixed(2)}x (${offersEvaluation.cases.toLocaleString("en-US")} people with later orders)`,
);
const drifted = training.drift.filter((d) => d.level !== "stable");
console.log(
  `drift (training window vs today): ${drifted.length === 0 ? "none" : drifted.map((d) => `${d.feature} ${d.psi.toFixed(2)}`).join(", ")}`,
);
console.log(
  `peak RSS ${mib()} MiB; probabilities mean ${f3(probabilities.reduce((s, p) => s + p, 0) / probabilities.length)}`,
);
