// The real-time path: each new or changed record is resolved on arrival against the stored records, with the same
// trained model as the batch run. Candidates come from the resident index (resident-index.ts): every resolved
// record's standardized fields and blocking keys held in this process's memory, kept current by the record change
// feed, so an arrival costs microseconds of lookup and scoring plus its share of one write transaction.
import type { Database } from "@c360/db/client";
import { pipelinedTransaction, queryRows, type PipelinedWork } from "@c360/db/client";
import { probabilityToWeight, type StandardRecord } from "@c360/matching";
import { decisionWeightsOf } from "@c360/matching/decide/classify";
import { type Calibration, type ReviewPolicy } from "@c360/matching/decide/review-band";
import {
  planArrivals,
  type ArrivalDecision,
  type ArrivalOutcome,
  type ArrivalPlan,
} from "@c360/matching/realtime/plan-arrivals";
import { labelledPairs } from "@c360/db/schema";
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
import { toStoreRecord } from "@c360/matching/store";
import { loadActiveModel, type StoredModel } from "./model-store";
import { pgTextArray } from "@c360/db/bulk";
import { StoredResidentIndex, type FeedRow } from "./resident-index";
import { derivedDataCommit } from "./derived-commit";
import { resolutionLock } from "./resolve-full";
import { calibrateOnAnswers } from "./plan-review-and-households";
import { readReviewPolicy } from "./review-policy";

export { maxRealtimeBlockSize } from "./resident-index";

// The decision and its types live in the engine (planArrivals); this module keeps the lanes, the reads and the writes.
export type { ArrivalDecision, ArrivalOutcome } from "@c360/matching/realtime/plan-arrivals";

export interface ArrivalResult {
  outcomes: ArrivalOutcome[];
  counts: Record<ArrivalDecision, number>;
  /** Set when nothing could be resolved, e.g. no model has been trained yet. */
  note?: string;
}

/** The active model as real time uses it: its match and review weights (the match weight calibrated, as the full run's). */
export interface CachedModel extends StoredModel {
  matchWeight: number;
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
  index: StoredResidentIndex | null;
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
async function loadIndex(db: Database, lane: Lane): Promise<StoredResidentIndex> {
  const model = lane.model!;
  const index = await StoredResidentIndex.load(db, model.id, model.model);
  const answers = await db.select().from(labelledPairs);
  model.calibration = calibrateOnAnswers(index.scorer, answers);
  // The index scores with what the answers taught (level shifts, the gate's release), as the full run does.
  index.useCalibration(model.calibration);
  model.matchWeight = decisionWeightsOf(model.model, model.calibration).matchWeight;
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
export function residentIndexOf(db: Database): StoredResidentIndex | null {
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
      model.profilesWithTask = (model.profilesWithTask ?? 0) + plan.profilesGivenTask;
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

/**
 * The engine's decision (planArrivals) for rows read from the database: each row becomes the engine's record
 * (toStoreRecord), new profiles get random UUIDs, and the budget's use so far is the lane's count.
 */
export function decideArrivals(
  model: CachedModel,
  index: StoredResidentIndex,
  incoming: readonly StoredRow[],
): ArrivalPlan {
  return planArrivals(
    {
      model: model.model,
      modelVersion: model.version,
      matchWeight: model.matchWeight,
      calibration: model.calibration,
      reviewPolicy: model.reviewPolicy,
      profilesWithTask: model.profilesWithTask ?? 0,
    },
    index,
    incoming.map((row) => ({
      record: toStoreRecord(row.id, row.source_name, row.standardized),
      profileId: row.profile_id,
      version: row.version,
    })),
    randomUUID,
  );
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
