// The batch path: standardize -> block -> train (unless a model is given) -> score -> cluster, in memory.
import { cpus } from "node:os";
import {
  defaultBlockingRules,
  generateCandidatePairs,
  type BlockingRule,
  type CandidatePairs,
} from "./block";
import { clusterPairs, sameSourceCannotLinkWeightFor, type Clustering, type ScoredPairs } from "./cluster";
import { defaultComparisons, type ComparisonSpec } from "./compare/comparisons";
import type { InputRecord } from "./fields";
import { pairGateOf } from "./decide/classify";
import { linkMutualBestSingletons } from "./decide/one-to-one";
import { attachFieldPoorRecords } from "./decide/sole-holder";
import { calibratedMatchWeight } from "./decide/review-band";
import { createModel, DEFAULT_THRESHOLDS, type MatchModel } from "./model/model";
import { PairScorer } from "./model/scorer";
import { learnFromLabels, type LabelLearningOptions } from "./model/labels";
import { computePatterns, estimateMByEm, estimateU } from "./model/train";
import { ComparisonHelper } from "./parallel/compare-parallel";
import { standardizeInParallel } from "./parallel/standardize-parallel";
import { standardizeRecord, type StandardizeOptions, type StandardRecord } from "./standardize/record";
import { RecordStore } from "./store";

export interface ResolveOptions extends StandardizeOptions {
  /** A trained model; without one the model is trained on these records (u by sampling, m by EM). */
  model?: MatchModel;
  comparisons?: ComparisonSpec[];
  blockingRules?: BlockingRule[];
  /** Linking two (or more) sources: only pairs across sources are compared. */
  linkOnly?: boolean;
  maxBlockSize?: number;
  maxPairsPerRule?: number;
  /** false: plain connected components, which chains strangers through one weak link (kept for comparison). */
  guardAgainstChaining?: boolean;
  /** false: field-poor records stay apart even where one cluster holds their only contact value (decision 0107). */
  attachFieldPoor?: boolean;
  /**
   * With linkOnly: each input holds a person once, so records left alone that are each other's best candidate at a
   * probability of one half or more are linked (decision 0107). false turns it off (files with duplicates inside).
   */
  oneToOne?: boolean;
  uSampleSize?: number;
  seed?: number;
  /** Called after each stage with its name and seconds taken. */
  onStage?: (stage: string, seconds: number) => void;
  /**
   * Pairs a person answered (stewards' decisions): after training (or on the given model) the model learns from them
   * (learnFromLabels: level shifts and the threshold, as model.calibration, replacing any it had). Pairs naming a
   * record not in this batch are ignored.
   */
  labels?: readonly LabelledRecordPair[];
  labelLearning?: LabelLearningOptions;
}

export interface LabelledRecordPair {
  recordA: string;
  recordB: string;
  match: boolean;
}

export interface Resolution {
  store: RecordStore;
  model: MatchModel;
  candidates: CandidatePairs;
  scored: ScoredPairs;
  clustering: Clustering;
  /** Cluster label (the id of the cluster's first record) per record, in input order. */
  clusterIds: string[];
  warnings: string[];
}

function isStandard(record: InputRecord | StandardRecord): record is StandardRecord {
  return "id" in record && !("record_id" in record);
}

export function buildStore(
  records: readonly (InputRecord | StandardRecord)[],
  options: StandardizeOptions = {},
): RecordStore {
  const store = new RecordStore();
  for (const record of records) store.add(isStandard(record) ? record : standardizeRecord(record, options));
  return store;
}

/** Scores candidate pairs: weights from the (m, u)-independent patterns plus term-frequency adjustments. */
export function scoreCandidates(
  scorer: PairScorer,
  candidates: CandidatePairs,
  patterns?: Float64Array,
): ScoredPairs {
  const weight = new Float64Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates.a[i]!;
    weight[i] = patterns ? scorer.weightOfPattern(patterns[i]!, a) : scorer.score(a, candidates.b[i]!);
  }
  return { a: candidates.a, b: candidates.b, weight, length: candidates.length };
}

export function resolveStore(store: RecordStore, options: ResolveOptions = {}): Omit<Resolution, "store"> {
  const stage = stageTimer(options);
  const rules = options.model?.blockingRules ?? options.blockingRules ?? defaultBlockingRules(store);
  const candidates = generateCandidatePairs(store, rules, {
    maxBlockSize: options.maxBlockSize,
    maxPairsPerRule: options.maxPairsPerRule,
    linkOnly: options.linkOnly,
  });
  stage("block");
  let model = options.model;
  let scorer: PairScorer;
  let patterns: Float64Array;
  if (model) {
    scorer = new PairScorer(model, store);
    patterns = computePatterns(scorer, candidates);
    stage("compare");
  } else {
    model = createModel(options.comparisons ?? defaultComparisons(store), rules);
    scorer = new PairScorer(model, store);
    patterns = computePatterns(scorer, candidates);
    stage("compare");
    const training = trainingOptions(options);
    estimateU(model, store, training);
    estimateMByEm(model, store, candidates, training, patterns);
    scorer = new PairScorer(model, store);
    stage("train");
  }
  return scoreAndCluster(store, model, scorer, candidates, patterns, options, stage);
}

/**
 * resolveStore with a worker thread beside the main one: the worker estimates u from random pairs while the main
 * thread blocks, then each computes the comparison patterns of half the candidate pairs. Same results as resolveStore
 * (u from the same random pairs, patterns are pure), in less wall-clock time on two cores.
 */
export async function resolveStoreInParallel(
  store: RecordStore,
  options: ResolveOptions = {},
): Promise<Omit<Resolution, "store">> {
  const stage = stageTimer(options);
  const rules = options.model?.blockingRules ?? options.blockingRules ?? defaultBlockingRules(store);
  const specs =
    options.model?.comparisons.map((c) => c.spec) ?? options.comparisons ?? defaultComparisons(store);
  const training = trainingOptions(options);
  const helper = new ComparisonHelper(store, specs, options.model ? null : training);
  try {
    const candidates = generateCandidatePairs(store, rules, {
      maxBlockSize: options.maxBlockSize,
      maxPairsPerRule: options.maxPairsPerRule,
      linkOnly: options.linkOnly,
    });
    stage("block");
    let model = options.model ?? createModel(specs, rules);
    let scorer = new PairScorer(model, store);
    const patterns = await helper.patterns(scorer, candidates);
    stage("compare");
    if (!options.model) {
      await helper.applyU(model);
      estimateMByEm(model, store, candidates, training, patterns);
      scorer = new PairScorer(model, store);
      stage("train");
    }
    model = scorer.model;
    return scoreAndCluster(store, model, scorer, candidates, patterns, options, stage);
  } finally {
    helper.close();
  }
}

function trainingOptions(options: ResolveOptions) {
  return { uSampleSize: options.uSampleSize, seed: options.seed, linkOnly: options.linkOnly };
}

function stageTimer(options: ResolveOptions): (name: string) => void {
  let started = performance.now();
  return (name: string) => {
    const now = performance.now();
    options.onStage?.(name, (now - started) / 1000);
    started = now;
  };
}

function scoreAndCluster(
  store: RecordStore,
  model: MatchModel,
  scorer: PairScorer,
  candidates: CandidatePairs,
  patterns: Float64Array,
  options: ResolveOptions,
  stage: (name: string) => void,
): Omit<Resolution, "store"> {
  if (options.labels?.length) {
    model = {
      ...model,
      calibration: calibrationFromLabels(model, store, options.labels, options.labelLearning),
    };
    scorer = new PairScorer(model, store);
    stage("learn");
  }
  const scored = scoreCandidates(scorer, candidates, patterns);
  stage("score");
  const matchWeight = calibratedMatchWeight(model);
  const guard = options.guardAgainstChaining !== false;
  const clustering = clusterPairs(store.size, scored, {
    matchWeight,
    cannotLinkWeight: guard ? model.cannotLinkWeight : -Infinity,
    sources: store.sources,
    sameSourceCannotLinkWeight: guard
      ? (model.sameSourceCannotLinkWeight ?? DEFAULT_THRESHOLDS.sameSourceCannotLinkWeight)
      : -Infinity,
    scorePair: (a, b) => scorer.score(a, b),
    // The name gate, released where stewards' answers vouch for gated pairs (pairGateOf, as real time).
    mayLink: pairGateOf(scorer),
  });
  // Field-poor records that one email names join its cluster (decision 0107), under the batch's same-source check.
  if (options.attachFieldPoor !== false)
    clustering.attached = attachFieldPoorRecords(
      store,
      clustering.clusterOf,
      scorer,
      guard
        ? sameSourceCannotLinkWeightFor(
            store.sources,
            model.sameSourceCannotLinkWeight ?? DEFAULT_THRESHOLDS.sameSourceCannotLinkWeight,
          )
        : -Infinity,
    );
  // Linking files, each holding a person once: mutual best candidates left alone are one person (decision 0107).
  if (options.linkOnly && options.oneToOne !== false)
    clustering.pairedOneToOne = linkMutualBestSingletons(scored, clustering.clusterOf, 0);
  stage("cluster");
  const clusterIds = Array.from(clustering.clusterOf, (root) => store.idAt(root));
  return { model, candidates, scored, clustering, clusterIds, warnings: candidates.warnings };
}

/** What answers about these records teach the model (learnFromLabels), pairs given by record id. */
export function calibrationFromLabels(
  model: MatchModel,
  store: RecordStore,
  labels: readonly LabelledRecordPair[],
  options?: LabelLearningOptions,
) {
  return learnFromLabels(
    model,
    store,
    labels.flatMap((l) => {
      const a = store.positionOf(l.recordA);
      const b = store.positionOf(l.recordB);
      return a === undefined || b === undefined || a === b ? [] : [{ a, b, match: l.match }];
    }),
    options,
  );
}

/** Resolves a batch of records into clusters (deduplication, or linking with linkOnly and a source per record). */
export function resolveRecords(
  records: readonly (InputRecord | StandardRecord)[],
  options: ResolveOptions = {},
): Resolution {
  const started = performance.now();
  const store = buildStore(records, options);
  options.onStage?.("standardize", (performance.now() - started) / 1000);
  return { store, ...resolveStore(store, options) };
}

/**
 * resolveRecords with standardization spread over worker threads (one share per core): for large batches, where
 * standardization is the costliest stage; from 100,000 records the comparison work gets a worker too
 * (resolveStoreInParallel). Results are identical to resolveRecords.
 */
export async function resolveRecordsInParallel(
  records: readonly InputRecord[],
  options: ResolveOptions & { threads?: number; minRecordsForCompareWorker?: number } = {},
): Promise<Resolution> {
  const started = performance.now();
  const store = await standardizeInParallel(records, options, options.threads);
  options.onStage?.("standardize", (performance.now() - started) / 1000);
  // A worker pays for itself only on large batches (its start and the store snapshot cost about a second).
  if ((options.threads ?? cpus().length) < 2 || store.size < (options.minRecordsForCompareWorker ?? 100_000))
    return { store, ...resolveStore(store, options) };
  return { store, ...(await resolveStoreInParallel(store, options)) };
}
