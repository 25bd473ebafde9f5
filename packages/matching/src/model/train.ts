// Unsupervised training of the Fellegi-Sunter model, as Splink does it: u from comparisons of random pairs (almost
// all non-matches), m by expectation-maximisation over blocked pairs, one session per blocking rule so that a
// rule's own fields (which agree by construction in its pairs) never bias their own m. Optional m from labels.
import { ruleFields, type BlockingRule, type CandidatePairs } from "../block";
import { comparisonFields } from "../compare/comparisons";
import { randomInt, seededRandom } from "../prng";
import type { RecordStore } from "../store";
import type { MatchModel } from "./model";
import { PairScorer } from "./scorer";

export interface TrainingOptions {
  /** Random pairs compared to estimate u. */
  uSampleSize?: number;
  seed?: number;
  maxIterations?: number;
  /** Linking: random pairs and the prior count only pairs across sources. */
  linkOnly?: boolean;
}

export function computePatterns(
  scorer: PairScorer,
  pairs: { a: Int32Array; b: Int32Array; length: number },
): Float64Array {
  const patterns = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) patterns[i] = scorer.pattern(pairs.a[i]!, pairs.b[i]!);
  return patterns;
}

/** u per level from the level frequencies of random record pairs. */
export function estimateU(model: MatchModel, store: RecordStore, options: TrainingOptions = {}): void {
  const scorer = new PairScorer(model, store);
  const n = store.size;
  const linkOnly = options.linkOnly ?? false;
  const possible = (n * (n - 1)) / 2;
  const sampleSize = Math.min(options.uSampleSize ?? 1_000_000, Math.max(possible, 1));
  const random = seededRandom(options.seed ?? 42);
  const counts = model.comparisons.map((c) => new Float64Array(c.levels.length));
  let drawn = 0;
  for (let attempt = 0; drawn < sampleSize && attempt < sampleSize * 4; attempt++) {
    const a = randomInt(random, n);
    const b = randomInt(random, n);
    if (a === b || (linkOnly && store.sources[a] === store.sources[b])) continue;
    drawn++;
    for (let k = 0; k < counts.length; k++) counts[k]![scorer.levelFunctions[k]!(a, b)]!++;
  }
  model.comparisons.forEach((comparison, k) => {
    const levelCounts = counts[k]!;
    const nonNull = levelCounts.reduce((s, v, level) => (level === 0 ? s : s + v), 0);
    // Half a pseudo-count per level keeps a never-seen agreement (u = 0) from becoming infinite evidence.
    const total = nonNull + 0.5 * (comparison.levels.length - 1);
    comparison.levels.forEach((level, l) => {
      if (l > 0) level.u = (levelCounts[l]! + 0.5) / total;
    });
  });
  model.trainingLog.push(`u estimated from ${drawn} random pairs`);
}

interface EmResult {
  m: (Float64Array | null)[];
  lambda: number;
  iterations: number;
}

/**
 * EM over pattern counts with u fixed. Comparisons in `ignored` are left out of the likelihood (the blocking
 * rule selected on them) and their m is not estimated.
 */
function runEm(
  scorer: PairScorer,
  model: MatchModel,
  patternCounts: Map<number, number>,
  ignored: Set<number>,
  maxIterations: number,
): EmResult {
  const K = model.comparisons.length;
  const patterns = [...patternCounts.keys()];
  const counts = patterns.map((p) => patternCounts.get(p)!);
  const levels = patterns.map((p) => Array.from({ length: K }, (_, k) => scorer.levelOf(p, k)));
  const m = model.comparisons.map((c) => Float64Array.from(c.levels.map((l) => l.m ?? 0)));
  const u = model.comparisons.map((c) => Float64Array.from(c.levels.map((l) => l.u ?? 0)));
  let lambda = 0.3;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const mNew = model.comparisons.map((c) => new Float64Array(c.levels.length));
    let matchTotal = 0;
    let total = 0;
    for (let i = 0; i < patterns.length; i++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const lv = levels[i]!;
      for (let k = 0; k < K; k++) {
        const level = lv[k]!;
        if (level === 0 || ignored.has(k)) continue;
        pm *= m[k]![level]!;
        pu *= u[k]![level]!;
      }
      const posterior = pm / (pm + pu || 1);
      const weighted = posterior * counts[i]!;
      matchTotal += weighted;
      total += counts[i]!;
      for (let k = 0; k < K; k++) mNew[k]![lv[k]!]! += weighted;
    }
    let change = Math.abs(matchTotal / total - lambda);
    lambda = matchTotal / total;
    for (let k = 0; k < K; k++) {
      if (ignored.has(k)) continue;
      const row = mNew[k]!;
      let sum = 0;
      for (let l = 1; l < row.length; l++) sum += row[l]!;
      if (sum <= 0) continue;
      for (let l = 1; l < row.length; l++) {
        const next = Math.max(row[l]! / sum, 1e-6);
        change = Math.max(change, Math.abs(next - m[k]![l]!));
        m[k]![l] = next;
      }
    }
    if (change < 1e-5) break;
  }
  return { m: m.map((row, k) => (ignored.has(k) ? null : row)), lambda, iterations };
}

/**
 * The comparisons a blocking rule's pairs agree on by construction: those reading the rule's fields, and those they
 * depend on (spec.dependsOn: pairs sharing an email address mostly share the names it was built from, whether or
 * not they are one person). EM leaves them out of the rule's session, as Splink does with the rule's own fields:
 * left in, the names of namesakes sharing an email address would pass them for matches, and their other fields'
 * disagreements would be learnt as what matches look like (m of "dob else" doubled from 20,000 to 100,000 persons).
 */
function ruleComparisons(model: MatchModel, rule: BlockingRule): number[] {
  const fields = ruleFields(rule);
  const ruled = model.comparisons.flatMap((c, k) =>
    comparisonFields(c.spec).some((f) => fields.has(f)) ? [k] : [],
  );
  const dependent = new Set(ruled);
  for (const k of ruled) {
    for (const name of model.comparisons[k]!.spec.dependsOn ?? []) {
      const j = model.comparisons.findIndex((c) => c.spec.name === name);
      if (j >= 0) dependent.add(j);
    }
  }
  return [...dependent];
}

/**
 * m by EM: one session per blocking rule over the candidate pairs that rule selects; each comparison's m is the
 * mean over the sessions that could estimate it. Then the prior, from the expected number of matches.
 */
export function estimateMByEm(
  model: MatchModel,
  store: RecordStore,
  pairs: CandidatePairs,
  options: TrainingOptions = {},
  /** The pairs' comparison patterns when the caller has them already (they do not depend on m and u). */
  knownPatterns?: Float64Array,
): void {
  const scorer = new PairScorer(model, store);
  const maxIterations = options.maxIterations ?? 30;
  const patterns = knownPatterns ?? computePatterns(scorer, pairs);
  const sums = model.comparisons.map((c) => new Float64Array(c.levels.length));
  const sessions = new Array<number>(model.comparisons.length).fill(0);
  // The pattern counts of every session in one pass over the pairs: a pair belongs to each rule whose key it
  // agrees on, read from the record-major key rows (two cache lines per pair, not two per pair and rule). Every rule
  // that ran is counted (the prior needs the untrained ones too), and each pair's first rule besides.
  const R = pairs.rules.length;
  const trained = pairs.rules.flatMap((rule, r) =>
    rule.train === false || pairs.reports[r]?.skipped ? [] : [r],
  );
  const applied = pairs.rules.flatMap((_, r) => (pairs.reports[r]?.skipped ? [] : [r]));
  const countsOfRule = pairs.rules.map(() => new Map<number, number>());
  // One more slot for pairs no rule's key explains (none in practice: every pair comes from a rule that ran).
  const firstRuleCounts = [...pairs.rules, null].map(() => new Map<number, number>());
  const sizes = new Float64Array(R);
  const appliedRules = Int32Array.from(applied);
  const keyRows = pairs.keyRows;
  for (let i = 0; i < pairs.length; i++) {
    const ra = pairs.a[i]! * R;
    const rb = pairs.b[i]! * R;
    const pattern = patterns[i]!;
    let first = -1;
    for (let t = 0; t < appliedRules.length; t++) {
      const r = appliedRules[t]!;
      const ka = keyRows[ra + r]!;
      if (ka >= 0 && ka === keyRows[rb + r]) {
        const counts = countsOfRule[r]!;
        counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
        sizes[r]!++;
        if (first < 0) first = r;
      }
    }
    {
      const counts = firstRuleCounts[first >= 0 ? first : R]!;
      counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
    }
  }
  const sessionCounts = new Map<number, Map<number, number>>(trained.map((r) => [r, countsOfRule[r]!]));
  const sessionSizes = new Map<number, number>(trained.map((r) => [r, sizes[r]!]));
  pairs.rules.forEach((rule, r) => {
    if (rule.train === false || pairs.reports[r]?.skipped) return;
    const selectedCount = sessionSizes.get(r)!;
    if (selectedCount < 50) {
      model.trainingLog.push(`EM session "${rule.name}": ${selectedCount} pairs, too few, skipped`);
      return;
    }
    const ignored = new Set(ruleComparisons(model, rule));
    const result = runEm(scorer, model, sessionCounts.get(r)!, ignored, maxIterations);
    result.m.forEach((row, k) => {
      if (!row) return;
      sessions[k]!++;
      for (let l = 1; l < row.length; l++) sums[k]![l]! += row[l]!;
    });
    model.trainingLog.push(
      `EM session "${rule.name}": ${selectedCount} pairs, ${result.iterations} iterations, P(match) within ${result.lambda.toFixed(3)}`,
    );
  });
  model.comparisons.forEach((comparison, k) => {
    if (sessions[k] === 0) {
      model.trainingLog.push(
        `m of "${comparison.spec.name}" not estimated (every session blocks on it); defaults kept`,
      );
      return;
    }
    comparison.levels.forEach((level, l) => {
      if (l > 0) level.m = sums[k]![l]! / sessions[k]!;
    });
  });
  estimatePrior(model, store, scorer, pairs, countsOfRule, firstRuleCounts, options.linkOnly ?? false);
}

/**
 * The prior from the expected matches among candidate pairs. Each pair counts with its posterior under the pairs its
 * first blocking rule selects: P(match | agree on that rule's key) by EM over those pairs (m and u fixed), with the
 * rule's own comparisons (ruleComparisons) left out of the Bayes factor. Left in, they count evidence that blocking
 * guaranteed: every pair of a name block agrees on the names, which random pairs (where u comes from) rarely do, so
 * EM over all candidate pairs at once saw most of them as matches, and more so the larger the data (namesakes per
 * block grow with it): 4.5 times the true prior at 20,000 persons, 8 times at 100,000 (now about 1.4 times at 20,000,
 * 100,000 and 391,000 persons).
 */
function estimatePrior(
  model: MatchModel,
  store: RecordStore,
  oldScorer: PairScorer,
  pairs: CandidatePairs,
  countsOfRule: Map<number, number>[],
  firstRuleCounts: Map<number, number>[],
  linkOnly: boolean,
): void {
  const scorer = new PairScorer(model, store);
  const K = scorer.weights.length;
  const log2Factor = (pattern: number, ignored: boolean[]): number => {
    let log2 = 0;
    for (let k = 0; k < K; k++) if (!ignored[k]) log2 += scorer.weights[k]![oldScorer.levelOf(pattern, k)]!;
    return log2;
  };
  const none = new Array<boolean>(K).fill(false);
  let expectedMatches = 0;
  const notes: string[] = [];
  firstRuleCounts.forEach((firstCounts, r) => {
    if (firstCounts.size === 0) return;
    const rule = pairs.rules[r];
    const ruled = new Set(rule ? ruleComparisons(model, rule) : []);
    let ignored = model.comparisons.map((_, k) => ruled.has(k));
    // A rule on every compared field leaves no evidence to weigh: its pairs are weighed on all of them.
    if (ignored.every(Boolean)) ignored = none;
    const population = rule ? countsOfRule[r]! : firstCounts;
    const factors = new Map<number, number>();
    for (const pattern of population.keys()) factors.set(pattern, Math.pow(2, log2Factor(pattern, ignored)));
    for (const pattern of firstCounts.keys())
      if (!factors.has(pattern)) factors.set(pattern, Math.pow(2, log2Factor(pattern, ignored)));
    let lambda = 0.1;
    let size = 0;
    for (const count of population.values()) size += count;
    for (let i = 0; i < 200; i++) {
      let expected = 0;
      for (const [pattern, count] of population) {
        const odds = (lambda / (1 - lambda)) * factors.get(pattern)!;
        expected += (count * odds) / (1 + odds);
      }
      const next = Math.min(Math.max(expected / Math.max(size, 1), 1e-9), 1 - 1e-9);
      const change = Math.abs(next - lambda);
      lambda = next;
      if (change < 1e-7) break;
    }
    let expected = 0;
    let count = 0;
    for (const [pattern, n] of firstCounts) {
      const odds = (lambda / (1 - lambda)) * factors.get(pattern)!;
      expected += (n * odds) / (1 + odds);
      count += n;
    }
    expectedMatches += expected;
    notes.push(
      `${rule?.name ?? "(no rule)"} ${expected.toFixed(0)}/${count} (P(match | key) ${lambda.toFixed(3)})`,
    );
  });
  const sourceCounts = new Map<string | null, number>();
  for (const s of store.sources) sourceCounts.set(s, (sourceCounts.get(s) ?? 0) + 1);
  const n = store.size;
  let comparable = (n * (n - 1)) / 2;
  if (linkOnly) for (const c of sourceCounts.values()) comparable -= (c * (c - 1)) / 2;
  model.probabilityTwoRandomRecordsMatch = Math.min(
    Math.max(expectedMatches / Math.max(comparable, 1), 1e-12),
    0.5,
  );
  model.trainingLog.push(
    `prior: ${expectedMatches.toFixed(0)} expected matches among ${pairs.length} candidate pairs, ${comparable} comparable pairs`,
  );
  model.trainingLog.push(`prior by first blocking rule (expected matches/pairs): ${notes.join("; ")}`);
}

export interface LabelledPair {
  a: number;
  b: number;
  match: boolean;
}

/**
 * m from pairs a person labelled (stewards' decisions): level frequencies among the matches. u stays from random
 * sampling, because labelled non-matches are the hard look-alike cases, not a random sample of non-matches.
 */
export function estimateMFromLabels(model: MatchModel, store: RecordStore, labelled: LabelledPair[]): void {
  const scorer = new PairScorer(model, store);
  const counts = model.comparisons.map((c) => new Float64Array(c.levels.length));
  let matches = 0;
  for (const pair of labelled) {
    if (!pair.match) continue;
    matches++;
    for (let k = 0; k < counts.length; k++) counts[k]![scorer.levelFunctions[k]!(pair.a, pair.b)]!++;
  }
  if (matches === 0) throw new Error("training from labels needs at least one pair labelled as a match");
  model.comparisons.forEach((comparison, k) => {
    const row = counts[k]!;
    const nonNull = row.reduce((s, v, l) => (l === 0 ? s : s + v), 0);
    const total = nonNull + 0.5 * (comparison.levels.length - 1);
    comparison.levels.forEach((level, l) => {
      if (l > 0) level.m = (row[l]! + 0.5) / total;
    });
  });
  model.trainingLog.push(
    `m estimated from ${matches} labelled matching pairs (${labelled.length - matches} non-matches not used for u)`,
  );
}
