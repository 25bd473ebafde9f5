// The real-time path: each new or changed record is resolved on arrival against the stored records, with the same
// trained model as the batch run. Candidates come from the resident index (resident-index.ts): every resolved
// record's standardized fields and blocking keys held in this process's memory, kept current by the record change
// feed, so an arrival costs microseconds of lookup and scoring plus its share of one write transaction.
import type { Database } from "@c360/db/client";
import { pipelinedTransaction, queryRows, type PipelinedWork } from "@c360/db/client";
import {
  explainPair,
  mayJoinClusters,
  probabilityToWeight,
  weightToProbability,
  type JoinGuard,
  type MatchModel,
  type RecordStore,
} from "@c360/matching";
import { DEFAULT_THRESHOLDS } from "@c360/matching/model/model";
import type { PairScorer } from "@c360/matching/model/scorer";
import type { StandardRecord } from "@c360/matching";
import { sql, type SQL } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Actor } from "../actor";
import { auditInsertStatement } from "../audit/record-audit";
import {
  goldenRefreshBatch,
  queueGoldenRefreshStatement,
  refreshAllQueuedGolden,
  refreshQueuedGolden,
} from "./golden-refresh-queue";
import { loadActiveModel, type StoredModel } from "./model-store";
import { pgTextArray } from "./pg-array";
import { ResidentIndex, type FeedRow } from "./resident-index";
import { derivedDataCommit } from "./derived-commit";
import { resolutionLock } from "./resolve-full";
import { calibrateOnAnswers } from "./plan-review-and-households";
import {
  calibratedMatchWeight,
  calibratedProbability,
  DEFAULT_REVIEW_POLICY,
  gatedMatchWeight,
  reviewValue,
  meanCrossWeight,
  type Calibration,
  type ReviewPolicy,
} from "@c360/matching/decide/review-band";
import { householdClassifier } from "@c360/matching/decide/household";
import { readReviewPolicy } from "./review-policy";
import { labelledPairs } from "@c360/db/schema";

export { maxRealtimeBlockSize } from "./resident-index";

export type ArrivalDecision = "linked" | "new_profile" | "review" | "unchanged" | "unresolved";

export interface ArrivalOutcome {
  recordId: string;
  decision: ArrivalDecision;
  profileId: string | null;
  score: number | null;
}

export interface ArrivalResult {
  outcomes: ArrivalOutcome[];
  counts: Record<ArrivalDecision, number>;
  /** Set when nothing could be resolved, e.g. no model has been trained yet. */
  note?: string;
}

/** The active model as real time uses it: its match and review weights (the match weight calibrated, as the full run's). */
export interface CachedModel extends StoredModel {
  matchWeight: number;
  /** The weight from which a pair the name gate holds links all the same (answers' gatedMatchWeight; the batch's). */
  gatedMatchWeight: number;
  reviewWeight: number;
  /** Stewards' answers' calibration of the model's probabilities (the full run's, calibrateOnAnswers). */
  calibration?: Calibration;
  /** The review budget and band (C360_REVIEW_BUDGET, C360_REVIEW_MIN_CHANGE), as the full run reads it. */
  reviewPolicy?: ReviewPolicy;
  /** Profiles with an open review task (read with the index, counted up as real time opens tasks): the budget's use. */
  profilesWithTask?: number;
}

/**
 * Where real-time resolution spends its time, summed over this process's transactions (milliseconds): the
 * benchmark reports it per record, and an operator can read it to see whether the lock, the index or the writes
 * are the bottleneck.
 */
export const realtimeTimings = {
  transactions: 0,
  records: 0,
  loadMs: 0,
  /** BEGIN, the resolution lock and the read of the records, model and change feed: one round trip. */
  openMs: 0,
  catchUpMs: 0,
  decideMs: 0,
  /** The decisions' writes and COMMIT: one round trip. */
  writeMs: 0,
  /** Golden refreshes, after the decisions committed (their own transactions). */
  goldenMs: 0,
  goldenRows: 0,
};

type TimedPhase = Exclude<keyof typeof realtimeTimings, "transactions" | "records" | "goldenRows">;

function lap(since: number, phase: TimedPhase): number {
  const now = performance.now();
  realtimeTimings[phase] += now - since;
  return now;
}

/** The most arrivals one write transaction takes when callers queue up behind each other (group commit). */
export const maxArrivalsPerTransaction = 500;
/** How often an idle process applies the change feed to its index, so an erasure leaves its memory promptly. */
const catchUpEveryMs = 5_000;

interface PendingCall {
  recordIds: readonly string[];
  actor: Actor;
  resolve: (result: ArrivalResult) => void;
  reject: (error: unknown) => void;
}

/** Queued work: arrivals to resolve (queued ones share a transaction), or a job that needs the index to itself. */
type Job = { kind: "arrivals"; call: PendingCall } | { kind: "exclusive"; run: () => Promise<void> };

/**
 * One lane per database handle (per process): work queues here and runs one job at a time, so the index is only
 * ever touched by one resolution, and calls that arrive while one is written share the next transaction.
 */
interface Lane {
  queue: Job[];
  busy: boolean;
  model: CachedModel | null;
  index: ResidentIndex | null;
  timer: ReturnType<typeof setInterval> | null;
  /** The golden refresh running beside the lane, if any. */
  golden: Promise<void> | null;
}

const lanes = new WeakMap<Database, Lane>();

function laneOf(db: Database): Lane {
  let lane = lanes.get(db);
  if (!lane)
    lanes.set(db, (lane = { queue: [], busy: false, model: null, index: null, timer: null, golden: null }));
  return lane;
}

async function loadModel(db: Database, activeId: string): Promise<CachedModel | null> {
  const stored = await loadActiveModel(db);
  if (!stored || stored.id !== activeId) return null;
  return {
    ...stored,
    matchWeight: probabilityToWeight(stored.model.matchThreshold),
    gatedMatchWeight: Infinity,
    reviewWeight: probabilityToWeight(stored.model.reviewThreshold),
  };
}

/** Loads the active model and its index into the lane; false when no model has been trained yet. */
async function ensureActiveIndex(db: Database, lane: Lane): Promise<boolean> {
  const [active] = await queryRows<{ id: string }>(db, sql`select id from match_models where active limit 1`);
  return !!active && ensureIndex(db, lane, active.id);
}

/** Loads the active model and its index into the lane unless they are already there. */
async function ensureIndex(db: Database, lane: Lane, activeId: string): Promise<boolean> {
  if (lane.model?.id !== activeId) {
    lane.model = await loadModel(db, activeId);
    lane.index = null;
  }
  if (!lane.model) return false;
  if (!lane.index) await loadIndex(db, lane);
  return true;
}

/**
 * Loads the resident index for the lane's model, and the match weight as the full run takes it: the model's
 * threshold over probabilities calibrated on stewards' answers (calibrateOnAnswers), so both link the same pairs.
 */
async function loadIndex(db: Database, lane: Lane): Promise<ResidentIndex> {
  const model = lane.model!;
  const index = await ResidentIndex.load(db, model.id, model.model);
  const answers = await db.select().from(labelledPairs);
  model.calibration = calibrateOnAnswers(index.scorer, answers);
  index.useCalibration(model.calibration);
  model.matchWeight = calibratedMatchWeight({ ...model.model, calibration: model.calibration });
  model.gatedMatchWeight = gatedMatchWeight({ ...model.model, calibration: model.calibration });
  model.reviewPolicy = readReviewPolicy();
  const [open] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct p)::int as n from review_tasks t cross join lateral unnest(t.profile_ids) as p where t.status = 'open'`,
  );
  model.profilesWithTask = open?.n ?? 0;
  lane.index = index;
  return index;
}

/** An arriving record as read for its decision. */
export interface StoredRow extends Record<string, unknown> {
  id: string;
  source_name: string;
  standardized: Partial<StandardRecord>;
  profile_id: string | null;
  /** The version read, which the decision is about. */
  version: number;
}

function emptyCounts(): Record<ArrivalDecision, number> {
  return { linked: 0, new_profile: 0, review: 0, unchanged: 0, unresolved: 0 };
}

/**
 * Resolves new or changed records against the stored ones. Records are decided in order and each sees the
 * records decided before it, exactly as if they had arrived one after the other; calls made while another is
 * being written are decided together in the next transaction, each in its own order.
 */
export function resolveOnArrival(
  db: Database,
  recordIds: readonly string[],
  actor: Actor,
): Promise<ArrivalResult> {
  if (recordIds.length === 0) return Promise.resolve({ outcomes: [], counts: emptyCounts() });
  const lane = laneOf(db);
  return new Promise<ArrivalResult>((resolve, reject) => {
    lane.queue.push({ kind: "arrivals", call: { recordIds, actor, resolve, reject } });
    if (!lane.busy) void drain(db, lane);
  });
}

/**
 * Loads the model and the resident index ahead of the first arrival (a server calls it at start, a benchmark
 * before it times anything), so the first caller does not wait for a million records to load.
 */
export async function prepareRealtimeResolution(db: Database): Promise<{ records: number } | null> {
  const lane = laneOf(db);
  return exclusive(db, lane, async () => {
    if (!(await ensureActiveIndex(db, lane))) return null;
    keepCurrent(db, lane);
    return { records: lane.index!.size };
  });
}

/** Applies the change feed now (the timer does it every few seconds); for tests and tools. */
export async function catchUpRealtimeResolution(db: Database): Promise<void> {
  const lane = laneOf(db);
  await exclusive(db, lane, () => applyFeed(db, lane));
}

/**
 * Applies the change feed to an idle index. An index the feed says to reload, or one holding more retired
 * positions than live records (every change retires a position and adds one), is dropped: the next call loads it.
 */
async function applyFeed(db: Database, lane: Lane): Promise<void> {
  if (!lane.index) return;
  const { reload } = await lane.index.catchUp(db);
  if (reload || lane.index.retired > Math.max(lane.index.size, 10_000)) lane.index = null;
}

/** The index this process holds for a database, if loaded (tests look into it). */
export function residentIndexOf(db: Database): ResidentIndex | null {
  return lanes.get(db)?.index ?? null;
}

/**
 * Runs work with the lane to itself, after the work already queued. A failure of work that touches the index
 * drops it (reloaded later); work that leaves the index alone (settling golden values) says so.
 */
function exclusive<T>(db: Database, lane: Lane, work: () => Promise<T>, touchesIndex = true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    lane.queue.push({
      kind: "exclusive",
      run: async () => {
        try {
          resolve(await work());
        } catch (error) {
          if (touchesIndex) lane.index = null;
          reject(error);
        }
      },
    });
    if (!lane.busy) void drain(db, lane);
  });
}

async function drain(db: Database, lane: Lane): Promise<void> {
  lane.busy = true;
  try {
    for (;;) {
      const head = lane.queue[0];
      if (!head) break;
      if (head.kind === "exclusive") {
        lane.queue.shift();
        await head.run();
        continue;
      }
      const calls: PendingCall[] = [];
      let records = 0;
      for (let job = lane.queue[0]; job?.kind === "arrivals"; job = lane.queue[0]) {
        if (calls.length > 0 && records + job.call.recordIds.length > maxArrivalsPerTransaction) break;
        lane.queue.shift();
        calls.push(job.call);
        records += job.call.recordIds.length;
      }
      try {
        const results = await resolveCalls(db, lane, calls);
        if (results.some((r) => r.outcomes.length > 0)) startGoldenRefresh(db, lane);
        calls.forEach((call, i) => call.resolve(results[i]!));
      } catch (error) {
        // What the index holds may no longer match what was committed: load it again on the next call.
        lane.index = null;
        for (const call of calls) call.reject(error);
      }
    }
  } finally {
    lane.busy = false;
  }
}

/**
 * Recomputes queued golden values beside the lane, on a connection of its own, until the queue is empty: arrivals
 * keep being decided while it runs (it does not touch the index). A failure leaves the rows queued for the sweep.
 */
function startGoldenRefresh(db: Database, lane: Lane): void {
  if (lane.golden) return;
  lane.golden = (async () => {
    try {
      for (;;) {
        const t = performance.now();
        const refreshed = await refreshQueuedGolden(db, goldenRefreshBatch);
        lap(t, "goldenMs");
        realtimeTimings.goldenRows += refreshed;
        if (refreshed === 0) break;
      }
    } catch {
      // Left queued: the next arrival, settleRealtimeResolution or the worker's sweep tries again.
    } finally {
      lane.golden = null;
    }
  })();
}

/**
 * Waits until every golden refresh queued so far is done: an import whose end must show finished profiles (a file,
 * a portal upload), the worker's sweep, tests. The REST endpoint and the stream answer without waiting.
 */
export function settleRealtimeResolution(db: Database): Promise<number> {
  const lane = laneOf(db);
  return exclusive(
    db,
    lane,
    async () => {
      await lane.golden;
      return refreshAllQueuedGolden(db);
    },
    false,
  );
}

/** Applies the change feed every few seconds while the process is up (the timer does not keep it alive). */
function keepCurrent(db: Database, lane: Lane): void {
  if (lane.timer) return;
  lane.timer = setInterval(() => {
    if (lane.busy || !lane.index) return;
    void exclusive(db, lane, () => applyFeed(db, lane)).catch(() => {
      // The database went away (a closed test handle, a restart): stop; the next call loads afresh.
      if (lane.timer) clearInterval(lane.timer);
      lane.timer = null;
    });
  }, catchUpEveryMs);
  lane.timer.unref?.();
}

/** Decides and writes one group of calls in one transaction, under the resolution lock. */
async function resolveCalls(
  db: Database,
  lane: Lane,
  calls: readonly PendingCall[],
): Promise<ArrivalResult[]> {
  const recordIds = [...new Set(calls.flatMap((call) => call.recordIds))];
  const unresolved = () =>
    calls.map((call) => ({
      outcomes: call.recordIds.map((recordId) => ({
        recordId,
        decision: "unresolved" as const,
        profileId: null,
        score: null,
      })),
      counts: { ...emptyCounts(), unresolved: call.recordIds.length },
      note: "No match model has been trained yet: run `c360 resolve --full` once to train it and resolve these records.",
    }));
  // A lane that holds a model asks nothing first: the read under the lock returns the active model's id, and a
  // change of model is handled there.
  if ((!lane.model || !lane.index) && !(await ensureActiveIndex(db, lane))) return unresolved();
  keepCurrent(db, lane);

  let t = performance.now();
  // The records, the active model and the change feed, read right after the lock (so the feed's snapshot follows
  // every writer that held it before), in the round trip that begins the transaction; the writes go with its commit.
  // Without a feed query the index is too far behind.
  const feed = lane.index!.feedQuery();
  const read = sql`${feed ? sql`with ${feed}` : sql``}
      select s.id, src.name as source_name, s.standardized, s.profile_id, s.current_version as version,
             (select id from match_models where active limit 1) as active_model_id,
             pg_current_xact_id()::text as xid ${feed ? sql`, feed.*` : sql``}
      from source_records s
      join sources src on src.id = s.source_id
      ${feed ? sql`cross join feed` : sql``}
      where s.id = any(${pgTextArray(recordIds)}::uuid[]) and s.status = 'active'
      order by array_position(${pgTextArray(recordIds)}::uuid[], s.id)`;
  const outcomes = await pipelinedTransaction(
    db,
    [derivedDataCommit, resolutionLock, read],
    async (tx, [, , rows]): Promise<PipelinedWork<ArrivalResult[] | "no model" | null>> => {
      const incoming = rows as (StoredRow &
        Partial<FeedRow> & { active_model_id: string | null; xid: string })[];
      t = lap(t, "openMs");
      // Nothing to decide: the feed is read again by the next transaction (the watermark has not moved).
      if (incoming.length === 0) return { result: null };
      // A full run may have trained a new model, or rewritten every profile, since the index was read.
      if (incoming[0]!.active_model_id !== lane.model!.id) {
        if (!incoming[0]!.active_model_id || !(await ensureIndex(tx, lane, incoming[0]!.active_model_id)))
          return { result: "no model" };
      } else if (!feed || (await lane.index!.applyFeed(tx, incoming[0] as FeedRow)).reload) {
        await loadIndex(tx, lane);
      }
      t = lap(t, "catchUpMs");
      const model = lane.model!;
      const index = lane.index!;
      const plan = decideArrivals(model, index, incoming);
      t = lap(t, "decideMs");
      const results = resultsPerCall(calls, plan.outcomes);
      // Audited in the same statement as the writes, one entry per caller: the entry exists exactly when the
      // resolution does.
      const byActor = new Map<Actor, Record<ArrivalDecision, number>>();
      calls.forEach((call, i) => {
        const counts = byActor.get(call.actor) ?? emptyCounts();
        for (const [decision, n] of Object.entries(results[i]!.counts))
          counts[decision as ArrivalDecision] += n;
        byActor.set(call.actor, counts);
      });
      const audit = auditInsertStatement(
        [...byActor].map(([actor, counts]) => ({
          actor,
          entry: {
            action: "resolution.on_arrival",
            entityType: "resolution",
            entityId: model.id,
            details: {
              records: Object.values(counts).reduce((a, b) => a + b, 0),
              ...counts,
              modelVersion: model.version,
            },
          },
        })),
      );
      index.noteOwnTransaction(incoming[0]!.xid);
      realtimeTimings.transactions++;
      realtimeTimings.records += incoming.length;
      return { result: results, closing: [arrivalPlanStatement(model, plan, audit)] };
    },
  );
  lap(t, "writeMs");
  if (outcomes === "no model") return unresolved();
  return outcomes ?? resultsPerCall(calls, []);
}

/** Each caller's own outcomes, in its own order, with their counts. */
function resultsPerCall(calls: readonly PendingCall[], outcomes: readonly ArrivalOutcome[]): ArrivalResult[] {
  const byRecord = new Map(outcomes.map((o) => [o.recordId, o]));
  return calls.map((call) => {
    const counts = emptyCounts();
    const own = call.recordIds.flatMap((id) => byRecord.get(id) ?? []);
    for (const outcome of own) counts[outcome.decision]++;
    return { outcomes: own, counts };
  });
}

export interface ArrivalPlan {
  outcomes: ArrivalOutcome[];
  newProfiles: string[];
  joins: { record_id: string; profile_id: string; score: number | null }[];
  /** Every record decided, at the version read; with its profile when it joins one (a changed record keeps its own). */
  decided: { record_id: string; version: number; profile_id: string | null }[];
  rescored: { record_id: string; score: number }[];
  reviews: {
    record_ids: string[];
    profile_ids: string[];
    score: number;
    priority: number;
    explanation: unknown;
  }[];
  /** Household relationships between two profiles (sorted ids), decided as the full run decides them. */
  households: { from_id: string; to_id: string; properties: Record<string, unknown> }[];
  touched: Set<string>;
}

/**
 * The decisions for one batch, in memory. Every incoming record is staged in the index first (out of the blocks,
 * its earlier version retired), then decided against the blocks, and placed with its profile: from then on it is a
 * candidate for the rest of the batch. Changed records (already members of a profile) are decided first, then new
 * ones, each group in arrival order: a new record that arrives with a changed version of its sibling finds the
 * sibling in its profile, whichever of the two the caller listed first (staged and not yet placed, it would not).
 * An arrival joins the profile of its strongest link that the batch's chaining guard (mayJoinClusters) allows,
 * checked against every member of that profile; a link the guard refuses is kept apart (at most a review).
 */
export function decideArrivals(
  model: CachedModel,
  index: ResidentIndex,
  incoming: readonly StoredRow[],
): ArrivalPlan {
  const positions = incoming.map((row) => index.stage(row.id, row.source_name, row.standardized));
  const order = [...incoming.keys()].sort(
    (a, b) => Number(!incoming[a]!.profile_id) - Number(!incoming[b]!.profile_id) || a - b,
  );
  const scorer = index.scorer;
  const plan: ArrivalPlan = {
    outcomes: [],
    newProfiles: [],
    joins: [],
    decided: [],
    rescored: [],
    reviews: [],
    households: [],
    touched: new Set(),
  };
  // The batch's guard against chaining (decision 0102), asked with the arrival on one side and every member of the
  // profile it would join on the other: a profile that holds many values does not attract every record resembling one.
  const guard = joinGuardOf(model, index);
  const policy = model.reviewPolicy ?? DEFAULT_REVIEW_POLICY;
  const self1 = [0];
  const matches: { position: number; weight: number }[] = [];
  // gated: held apart by the name gate (1), not (0), not asked yet (-1: only pairs the band might send are asked).
  const others: { position: number; weight: number; gated: number }[] = [];
  const households = householdClassifier(scorer);
  order.forEach((i) => {
    const row = incoming[i]!;
    const self = positions[i]!;
    self1[0] = self;
    matches.length = 0;
    others.length = 0;
    for (const position of index.candidatesOf(self)) {
      const weight = scorer.score(self, position);
      if (weight < model.matchWeight) others.push({ position, weight, gated: -1 });
      else if (scorer.passesNameGate(self, position)) matches.push({ position, weight });
      // As the batch: answers may release the gate, never for two members of a household.
      else if (weight >= model.gatedMatchWeight && !households.isHousehold(self, position))
        matches.push({ position, weight });
      else others.push({ position, weight, gated: 1 });
    }
    // Strongest link first, as the batch applies them; the first profile the guard lets the arrival join is its own.
    // A link the guard refuses is kept apart, as the batch keeps it: at most a question for a steward.
    let best = -1;
    let bestWeight = 0;
    if (matches.length > 1) matches.sort((x, y) => y.weight - x.weight);
    for (let m = 0; m < matches.length; m++) {
      const { position, weight } = matches[m]!;
      const profile = index.profileNumberAt(position);
      // Links to other profiles than the one joined are kept apart too (real time joins, it does not merge).
      if (best >= 0 || matches.findIndex((other) => index.profileNumberAt(other.position) === profile) < m) {
        if (best < 0 || profile !== index.profileNumberAt(best)) others.push({ position, weight, gated: 0 });
        continue;
      }
      if (mayJoinClusters(guard, self1, index.membersOf(profile)) === null) {
        best = position;
        bestWeight = weight;
      } else others.push({ position, weight, gated: 0 });
    }
    // Profile ids are made into strings only for the candidates that count.
    const joining =
      best < 0 ? null : { position: best, weight: bestWeight, profileId: index.profileAt(best)! };
    const ownProfile =
      joining && !row.profile_id
        ? index.profileNumberAt(best)
        : row.profile_id
          ? index.profileNumberOf(row.profile_id)
          : -1;
    // What the arrival is kept apart from, decided as the full run decides it (plan-review-and-households.ts):
    // a household member of another profile is a household relationship, not a question; a steward is asked only
    // where the answer is likely to change the outcome (the review band, on calibrated probabilities), within the budget.
    const householdOf: number[] = [];
    let doubt: { position: number; weight: number; probability: number; records: number } | null = null;
    for (const other of others) {
      const profile = index.profileNumberAt(other.position);
      if (profile < 0 || profile === ownProfile) continue;
      if (households.isHousehold(self, other.position)) {
        if (
          !householdOf.includes(other.position) &&
          !householdOf.some((p) => index.profileNumberAt(p) === profile)
        )
          householdOf.push(other.position);
        continue;
      }
      if (
        calibratedProbability(other.weight, false, model.calibration) < policy.minChangeProbability &&
        (model.calibration?.gatedShift ?? 0) <= 0
      )
        continue;
      const gated = other.gated === -1 ? !scorer.passesNameGate(self, other.position) : other.gated === 1;
      const probability = calibratedProbability(other.weight, gated, model.calibration);
      if (probability < policy.minChangeProbability || (gated && probability < model.model.matchThreshold))
        continue;
      if (!doubt || other.weight > doubt.weight)
        doubt = { position: other.position, weight: other.weight, probability, records: 0 };
    }
    if (doubt && householdOf.some((p) => index.profileNumberAt(p) === index.profileNumberAt(doubt!.position)))
      doubt = null;
    if (doubt) {
      // Judged on the two profiles' records, as the full run judges them (meanCrossWeight over all cross pairs).
      const mine = ownProfile >= 0 ? [self, ...index.membersOf(ownProfile)] : [self];
      const theirs = index.membersOf(index.profileNumberAt(doubt.position));
      const probability = calibratedProbability(
        meanCrossWeight(mine, theirs, (a, b) => scorer.score(a, b)),
        !scorer.passesNameGate(self, doubt.position),
        model.calibration,
      );
      const allowed = Math.floor(policy.budgetShare * Math.max(index.profileCount, 1));
      if (probability < policy.minChangeProbability || (model.profilesWithTask ?? 0) + 2 > allowed)
        doubt = null;
      else doubt = { ...doubt, probability, records: mine.length + theirs.length };
    }
    const outcome = decideOne(
      plan,
      scorer,
      row,
      self,
      joining,
      doubt && {
        position: doubt.position,
        weight: doubt.weight,
        profileId: index.profileAt(doubt.position)!,
        probability: doubt.probability,
        records: doubt.records,
      },
      index.store,
    );
    if (outcome.decision === "review") model.profilesWithTask = (model.profilesWithTask ?? 0) + 2;
    for (const position of householdOf) {
      const other = index.profileAt(position)!;
      if (other === outcome.profileId) continue;
      const [from, to] = [outcome.profileId!, other].sort() as [string, string];
      const recordIds =
        from === outcome.profileId
          ? [row.id, index.store.idAt(position)]
          : [index.store.idAt(position), row.id];
      plan.households.push({
        from_id: from,
        to_id: to,
        properties: {
          origin: "model",
          modelVersion: model.version,
          recordIds,
          reason: "same address and family, given names and birth dates differ",
        },
      });
    }
    plan.outcomes.push(outcome);
    plan.decided.push({
      record_id: row.id,
      version: row.version,
      profile_id: row.profile_id ? null : outcome.profileId,
    });
    index.place(self, outcome.profileId!);
  });
  return plan;
}

/** The batch's join guard over the resident index, with the model's weights (clusterPairs in resolveStore). */
export function joinGuardOf(model: { model: MatchModel }, index: ResidentIndex): JoinGuard {
  const scorer = index.scorer;
  return {
    cannotLinkWeight: model.model.cannotLinkWeight,
    scorePair: (a, b) => scorer.score(a, b),
    sources: index.store.sources,
    sameSourceCannotLinkWeight: index.hasSeveralSources
      ? (model.model.sameSourceCannotLinkWeight ?? DEFAULT_THRESHOLDS.sameSourceCannotLinkWeight)
      : -Infinity,
  };
}

function decideOne(
  plan: ArrivalPlan,
  scorer: PairScorer,
  row: StoredRow,
  self: number,
  best: { position: number; weight: number; profileId: string } | null,
  bestReview: {
    position: number;
    weight: number;
    profileId: string;
    probability: number;
    records: number;
  } | null,
  store: RecordStore,
): ArrivalOutcome {
  const current = row.profile_id;
  if (best && (!current || current === best.profileId)) {
    const score = weightToProbability(best.weight);
    plan.touched.add(best.profileId);
    if (current) {
      plan.rescored.push({ record_id: row.id, score });
      return { recordId: row.id, decision: "unchanged", profileId: current, score };
    }
    plan.joins.push({ record_id: row.id, profile_id: best.profileId, score });
    return { recordId: row.id, decision: "linked", profileId: best.profileId, score };
  }

  let profileId = current;
  if (!profileId) {
    profileId = randomUUID();
    plan.newProfiles.push(profileId);
    plan.joins.push({ record_id: row.id, profile_id: profileId, score: null });
  }
  plan.touched.add(profileId);
  // A changed record that now matches another profile, or a new one that is only probably someone: a steward decides.
  const doubt =
    best && current && best.profileId !== current
      ? { ...best, probability: weightToProbability(best.weight), records: 2 }
      : bestReview;
  if (doubt && doubt.profileId !== profileId) {
    const score = doubt.probability;
    plan.reviews.push({
      record_ids: [row.id, store.idAt(doubt.position)].sort(),
      profile_ids: [profileId, doubt.profileId].sort(),
      score,
      priority: reviewValue(score, doubt.records),
      explanation: explainPair(scorer, self, doubt.position),
    });
    return { recordId: row.id, decision: "review", profileId, score };
  }
  return { recordId: row.id, decision: current ? "unchanged" : "new_profile", profileId, score: null };
}

/**
 * The batch's writes as one statement (data-modifying CTEs: new profiles, members, the records' profile and decided
 * version, rescored members, review tasks, the golden refresh queue and the audit entries), sent with the commit:
 * one round trip inside the lock instead of up to eight.
 * Foreign keys are checked at the end of the statement, so members may name profiles made beside them.
 */
function arrivalPlanStatement(model: CachedModel, plan: ArrivalPlan, audit: SQL): SQL {
  const parts: SQL[] = [];
  if (plan.newProfiles.length)
    parts.push(
      sql`new_profiles as (insert into profiles (id) select unnest(${pgTextArray(plan.newProfiles)}::uuid[]))`,
    );
  if (plan.joins.length) {
    const joins = JSON.stringify(plan.joins);
    parts.push(sql`joined as (insert into profile_members (profile_id, record_id, score, reason, matched_by)
      select j.profile_id, j.record_id, j.score, 'model', ${`model v${model.version} (real time)`}
      from jsonb_to_recordset(${joins}::jsonb) as j(record_id uuid, profile_id uuid, score double precision))`);
  }
  // Each record's profile (new records) and the version decided (every record; a changed one written only when the
  // version is new to it): what is left below its current version, the pending sweep decides again.
  if (plan.decided.length)
    parts.push(sql`placed as (update source_records s
      set profile_id = coalesce(j.profile_id, s.profile_id), resolved_version = greatest(s.resolved_version, j.version)
      from jsonb_to_recordset(${JSON.stringify(plan.decided)}::jsonb) as j(record_id uuid, profile_id uuid, version int)
      where s.id = j.record_id and (j.profile_id is not null or s.resolved_version is null or s.resolved_version < j.version))`);
  // Events attached to a record before it had a profile (decision 0901) follow it to the profile it now has.
  const placedProfiles = plan.decided.filter((d) => d.profile_id !== null);
  if (placedProfiles.length)
    parts.push(sql`events_placed as (update interactions i set profile_id = j.profile_id
      from jsonb_to_recordset(${JSON.stringify(placedProfiles)}::jsonb) as j(record_id uuid, profile_id uuid)
      where i.source_record_id = j.record_id and i.profile_id is distinct from j.profile_id)`);
  if (plan.rescored.length)
    parts.push(sql`rescored as (update profile_members m set score = j.score
      from jsonb_to_recordset(${JSON.stringify(plan.rescored)}::jsonb) as j(record_id uuid, score double precision)
      where m.record_id = j.record_id)`);
  if (plan.reviews.length)
    parts.push(sql`reviews as (insert into review_tasks (kind, record_ids, profile_ids, score, priority, explanation)
      select 'pair', r.record_ids, r.profile_ids, least(greatest(r.score, 0), 1), r.priority, r.explanation
      from jsonb_to_recordset(${JSON.stringify(plan.reviews)}::jsonb)
        as r(record_ids uuid[], profile_ids uuid[], score double precision, priority double precision, explanation jsonb)
      on conflict do nothing)`);
  if (plan.households.length)
    parts.push(sql`households as (insert into relationships (from_profile_id, to_profile_id, kind, properties)
      select h.from_id, h.to_id, 'household', h.properties
      from jsonb_to_recordset(${JSON.stringify(plan.households)}::jsonb) as h(from_id uuid, to_id uuid, properties jsonb)
      on conflict do nothing)`);
  // Golden values follow in a transaction of their own (golden-refresh-queue.ts), so a decision does not wait for
  // survivorship; the queue rows commit with the decision.
  const queue = queueGoldenRefreshStatement([...plan.touched]);
  if (queue) parts.push(sql`queued as (${queue})`);
  parts.push(sql`audited as (${audit})`);
  return sql`with ${sql.join(parts, sql`, `)} select 1`;
}
