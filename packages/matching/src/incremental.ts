// The real-time path: an index of stored records with their blocking keys, scoring one incoming record against its
// candidates with the same trained model as the batch run, in milliseconds.
import { BlockIndex, SeenPositions } from "./block";
import type { InputRecord } from "./fields";
import { probabilityToWeight, weightToProbability, type MatchModel } from "./model/model";
import { PairScorer } from "./model/scorer";
import { standardizeRecord, type StandardizeOptions, type StandardRecord } from "./standardize/record";
import { RecordStore } from "./store";

export interface IncomingCandidate {
  recordId: string;
  /** Cluster (profile) of the candidate when the index knows it. */
  clusterId: string | null;
  weight: number;
  probability: number;
  decision: "match" | "review" | "non-match";
}

export interface IncomingResult {
  recordId: string;
  /** Candidates scored, best first. */
  candidates: IncomingCandidate[];
  /** The cluster the record joins: that of the best candidate decided as a match; null for a new entity. */
  matchedClusterId: string | null;
}

export interface IndexOptions extends StandardizeOptions {
  /**
   * Blocks larger than this are not searched, so one common key (a frequent surname) cannot slow a lookup; the
   * other rules still find the record's duplicates. Default 200.
   */
  maxBlockSize?: number;
  /** Names of blocking rules not to use (those the batch run skipped as too loose for data this size). */
  skipRules?: readonly string[];
  /**
   * The most candidates one lookup scores (default 1,000), so the slowest lookup stays bounded: rules are taken in
   * the model's order (most precise first), each block's records in the order they were added; the rest are not
   * scored. One real person rarely has more than a handful of records.
   */
  maxCandidates?: number;
}

export class IncrementalIndex {
  readonly store: RecordStore;
  private readonly scorer: PairScorer;
  private readonly blocks: BlockIndex;
  private readonly clusterOf: (string | null)[] = [];
  private readonly matchWeight: number;
  private readonly reviewWeight: number;
  // Per-lookup scratch, reused: candidate positions and weights, and the records already taken.
  private candidatePositions = new Int32Array(1024);
  private candidateWeights = new Float64Array(1024);
  private readonly seen = new SeenPositions();

  constructor(
    readonly model: MatchModel,
    private readonly options: IndexOptions = {},
    store?: RecordStore,
  ) {
    this.store = store ?? new RecordStore();
    this.scorer = new PairScorer(model, this.store);
    const skip = new Set(options.skipRules ?? []);
    this.blocks = new BlockIndex(
      model.blockingRules.filter((rule) => !skip.has(rule.name)),
      this.store,
    );
    this.matchWeight = probabilityToWeight(model.matchThreshold);
    this.reviewWeight = probabilityToWeight(model.reviewThreshold);
  }

  /**
   * An index over records already standardized in a store (the batch run's), with their clusters: the way to
   * start serving real-time lookups right after a batch resolution without standardizing everything again.
   */
  static fromStore(
    model: MatchModel,
    store: RecordStore,
    clusterIds: readonly string[],
    options: IndexOptions = {},
  ): IncrementalIndex {
    const index = new IncrementalIndex(model, options, store);
    for (let position = 0; position < store.size; position++) {
      index.clusterOf.push(clusterIds[position] ?? null);
      index.blocks.add(position);
    }
    index.warm();
    return index;
  }

  /** Computes the per-value attributes (phonetic codes, day numbers...) of every stored value ahead of lookups. */
  warm(): void {
    for (const column of Object.values(this.store.columns)) column.warmDerived();
  }

  get size(): number {
    return this.store.size;
  }

  private standardize(record: InputRecord | StandardRecord): StandardRecord {
    return "record_id" in record ? standardizeRecord(record, this.options) : record;
  }

  /** Adds a stored record (with its cluster, when known) to the index. */
  add(record: InputRecord | StandardRecord, clusterId: string | null = null): number {
    const position = this.store.add(this.standardize(record));
    this.clusterOf.push(clusterId);
    this.blocks.add(position);
    return position;
  }

  setCluster(recordId: string, clusterId: string): void {
    const position = this.store.positionOf(recordId);
    if (position === undefined) throw new Error(`record "${recordId}" is not in the index`);
    this.clusterOf[position] = clusterId;
  }

  /**
   * Scores an incoming record against its blocking candidates. With `keep`, the record stays in the index
   * (joining the matched cluster, or a new one named after itself).
   */
  scoreIncoming(
    record: InputRecord | StandardRecord,
    options: { keep?: boolean; limit?: number } = {},
  ): IncomingResult {
    const standard = this.standardize(record);
    const position = this.store.add(standard);
    const maxBlockSize = this.options.maxBlockSize ?? 200;
    const maxCandidates = this.options.maxCandidates ?? 1000;
    this.seen.begin(this.store.size);
    if (this.candidatePositions.length < maxCandidates) {
      this.candidatePositions = new Int32Array(maxCandidates);
      this.candidateWeights = new Float64Array(maxCandidates);
    }
    const seen = this.seen;
    const positions = this.candidatePositions;
    const weights = this.candidateWeights;
    let count = 0;
    const blocks = this.blocks;
    for (let r = 0; r < blocks.ruleCount && count < maxCandidates; r++) {
      const block = blocks.blockOf(r, position);
      if (block < 0 || blocks.blockSize(r, block) > maxBlockSize) continue;
      for (
        let other = blocks.first(r, block);
        other !== -1 && count < maxCandidates;
        other = blocks.after(r, other)
      ) {
        if (!seen.firstSight(other)) continue;
        positions[count] = other;
        weights[count] = this.scorer.score(position, other);
        count++;
      }
    }
    // Best first; equal weights in the order found (deterministic).
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (x, y) => weights[y]! - weights[x]! || x - y,
    );
    const candidates: IncomingCandidate[] = [];
    let matchedClusterId: string | null = null;
    const limit = options.limit ?? count;
    for (const i of order) {
      const other = positions[i]!;
      const weight = weights[i]!;
      const decision =
        weight >= this.matchWeight && this.scorer.passesNameGate(position, other)
          ? "match"
          : weight >= this.reviewWeight
            ? "review"
            : "non-match";
      const candidate: IncomingCandidate = {
        recordId: this.store.idAt(other),
        clusterId: this.clusterOf[other] ?? null,
        weight,
        probability: weightToProbability(weight),
        decision,
      };
      if (decision === "match" && matchedClusterId === null)
        matchedClusterId = candidate.clusterId ?? candidate.recordId;
      if (candidates.length < limit) candidates.push(candidate);
      else if (matchedClusterId !== null || weight < this.matchWeight) break;
    }
    this.store.removeLast();
    if (options.keep) this.add(standard, matchedClusterId ?? standard.id);
    return { recordId: standard.id, candidates, matchedClusterId };
  }
}
