// The real-time path: each new or changed record is resolved on arrival against the stored records. Candidates come
// from the blocking keys indexed in PostgreSQL; the same trained model as the batch run scores them.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { explainPair, probabilityToWeight, RecordStore, weightToProbability, type StandardRecord } from "@c360/matching";
import { PairScorer } from "@c360/matching/model/scorer";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { blockingKeysOf } from "./blocking-keys";
import { toStoreRecord } from "./load-active-records";
import { loadActiveModel, type StoredModel } from "./model-store";
import { pgTextArray } from "./pg-array";
import { resolutionLock } from "./resolve-full";
import { applyTermFrequencies, loadTermFrequencies, termFrequencyFields, type TermFrequencies } from "./term-frequencies";

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

/**
 * A blocking key shared by more stored records than this is a common value (a frequent first name, a big city):
 * the batch run skips such blocks, and so does the real-time path, instead of scoring an arbitrary slice of them.
 */
export const maxRealtimeBlockSize = 200;

interface CachedModel extends StoredModel {
  frequencies: TermFrequencies;
  matchWeight: number;
  reviewWeight: number;
}

const modelCache = new WeakMap<Database, CachedModel>();

/** The active model, cached per database; `activeId` skips the lookup when the caller already read it. */
async function currentModel(db: Database, cacheKey: Database = db, activeId?: string | null): Promise<CachedModel | null> {
  if (activeId === undefined) {
    const [active] = await queryRows<{ id: string }>(db, sql`select id from match_models where active limit 1`);
    activeId = active?.id ?? null;
  }
  if (!activeId) return null;
  const cached = modelCache.get(cacheKey);
  if (cached?.id === activeId) return cached;
  const stored = await loadActiveModel(db);
  if (!stored) return null;
  const model: CachedModel = {
    ...stored,
    frequencies: await loadTermFrequencies(db, termFrequencyFields(stored.model)),
    matchWeight: probabilityToWeight(stored.model.matchThreshold),
    reviewWeight: probabilityToWeight(stored.model.reviewThreshold),
  };
  modelCache.set(cacheKey, model);
  return model;
}

interface StoredRow extends Record<string, unknown> {
  active_model_id?: string | null;
  id: string;
  source_name: string;
  standardized: Partial<StandardRecord>;
  profile_id: string | null;
}

function emptyCounts(): Record<ArrivalDecision, number> {
  return { linked: 0, new_profile: 0, review: 0, unchanged: 0, unresolved: 0 };
}

/**
 * Resolves new or changed records against the stored ones, set-based: one query loads the batch, one fetches the
 * candidates of all its blocking keys, the engine scores in memory, and each kind of write is one statement, so a
 * batch of a hundred records costs about as many round trips as a batch of one. Records are decided in order and
 * each sees the records of the same batch decided before it, exactly as if they had arrived one after the other.
 */
export async function resolveOnArrival(db: Database, recordIds: readonly string[], actor: Actor): Promise<ArrivalResult> {
  const counts = emptyCounts();
  if (recordIds.length === 0) return { outcomes: [], counts };
  // The cached model is checked against the active one inside the transaction, in the same query as the batch.
  const cached = modelCache.get(db) ?? (await currentModel(db));
  if (!cached) {
    counts.unresolved = recordIds.length;
    return {
      outcomes: recordIds.map((recordId) => ({ recordId, decision: "unresolved", profileId: null, score: null })),
      counts,
      note: "No match model has been trained yet: run `c360 resolve --full` once to train it and resolve these records.",
    };
  }

  const outcomes = await db.transaction(async (tx) => {
    await tx.execute(resolutionLock);
    const incoming = await queryRows<StoredRow>(
      tx,
      sql`select s.id, src.name as source_name, s.standardized, s.profile_id,
                 (select id from match_models where active limit 1) as active_model_id
          from source_records s
          join sources src on src.id = s.source_id
          where s.id = any(${pgTextArray([...new Set(recordIds)])}::uuid[]) and s.status = 'active'
          order by array_position(${pgTextArray([...recordIds])}::uuid[], s.id)`,
    );
    if (incoming.length === 0) return [];
    let model = cached;
    if (incoming[0]!.active_model_id !== cached.id) {
      // A full run trained a new model since it was cached.
      model = (await currentModel(tx, db, incoming[0]!.active_model_id)) ?? cached;
    }
    const records = incoming.map((row) => toStoreRecord(row.id, row.source_name, row.standardized));
    const keys = records.map((record) => blockingKeysOf(model.model, record));
    await tx.execute(sql`update source_records s set blocking_keys = k.keys
      from jsonb_to_recordset(${JSON.stringify(incoming.map((row, i) => ({ id: row.id, keys: keys[i] })))}::jsonb)
        as k(id uuid, keys text[])
      where s.id = k.id`);
    const candidates = await findCandidates(tx, model.id, incoming.map((row) => row.id), [...new Set(keys.flat())]);
    const plan = decideArrivals(model, incoming, records, keys, candidates);
    await writeArrivalPlan(tx, model, plan);
    for (const outcome of plan.outcomes) counts[outcome.decision]++;
    // Audited in the same transaction: the entry exists exactly when the resolution does, for one commit.
    await recordAudit(tx, actor, {
      action: "resolution.on_arrival",
      entityType: "resolution",
      entityId: model.id,
      details: { records: recordIds.length, ...counts, modelVersion: model.version },
    });
    return plan.outcomes;
  });
  return { outcomes, counts };
}

interface Candidate extends StoredRow {
  profile_id: string;
}

interface ArrivalPlan {
  outcomes: ArrivalOutcome[];
  newProfiles: string[];
  joins: { record_id: string; profile_id: string; score: number | null }[];
  rescored: { record_id: string; score: number }[];
  reviews: { record_ids: string[]; profile_ids: string[]; score: number; explanation: unknown }[];
  touched: Set<string>;
}

/**
 * The decisions for one batch, in memory. Positions 0..n-1 of the store are the incoming records, the stored
 * candidates follow. A candidate is scored only if it shares a blocking key with the record; an incoming record
 * is a candidate for the later ones of the batch once it has its profile.
 */
function decideArrivals(
  model: CachedModel,
  incoming: readonly StoredRow[],
  records: readonly StandardRecord[],
  keys: readonly string[][],
  candidates: readonly (Candidate & { keys: string[] })[],
): ArrivalPlan {
  const store = new RecordStore();
  for (const record of records) store.add(record);
  const profileOf: (string | null)[] = incoming.map(() => null);
  const positionsByKey = new Map<string, number[]>();
  for (const candidate of candidates) {
    const position = store.add(toStoreRecord(candidate.id, candidate.source_name, candidate.standardized));
    profileOf[position] = candidate.profile_id;
    for (const key of candidate.keys) {
      const list = positionsByKey.get(key);
      if (list) list.push(position);
      else positionsByKey.set(key, [position]);
    }
  }
  applyTermFrequencies(store, model.frequencies);
  const scorer = new PairScorer(model.model, store);
  const plan: ArrivalPlan = { outcomes: [], newProfiles: [], joins: [], rescored: [], reviews: [], touched: new Set() };

  for (let self = 0; self < incoming.length; self++) {
    const row = incoming[self]!;
    const seen = new Set<number>();
    let best: { position: number; weight: number; profileId: string } | null = null;
    let bestReview: { position: number; weight: number; profileId: string } | null = null;
    for (const key of keys[self]!) {
      for (const position of positionsByKey.get(key) ?? []) {
        if (position === self || seen.has(position)) continue;
        seen.add(position);
        const profileId = profileOf[position]!;
        const weight = scorer.score(self, position);
        const isMatch = weight >= model.matchWeight && scorer.passesNameGate(self, position);
        if (isMatch && (!best || weight > best.weight)) best = { position, weight, profileId };
        else if (!isMatch && weight >= model.reviewWeight && (!bestReview || weight > bestReview.weight))
          bestReview = { position, weight, profileId };
      }
    }
    const outcome = decideOne(plan, scorer, row, self, best, bestReview, store);
    plan.outcomes.push(outcome);
    // From now on this record is a candidate for the rest of the batch.
    profileOf[self] = outcome.profileId;
    for (const key of keys[self]!) {
      const list = positionsByKey.get(key);
      if (list) list.push(self);
      else positionsByKey.set(key, [self]);
    }
  }
  return plan;
}

function decideOne(
  plan: ArrivalPlan,
  scorer: PairScorer,
  row: StoredRow,
  self: number,
  best: { position: number; weight: number; profileId: string } | null,
  bestReview: { position: number; weight: number; profileId: string } | null,
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
  const doubt = best && current && best.profileId !== current ? best : bestReview;
  if (doubt && doubt.profileId !== profileId) {
    const score = weightToProbability(doubt.weight);
    plan.reviews.push({
      record_ids: [row.id, store.ids[doubt.position]!].sort(),
      profile_ids: [profileId, doubt.profileId].sort(),
      score,
      explanation: explainPair(scorer, self, doubt.position),
    });
    return { recordId: row.id, decision: "review", profileId, score };
  }
  return { recordId: row.id, decision: current ? "unchanged" : "new_profile", profileId, score: null };
}

/** The batch's writes, one statement per kind, then the golden values and one notification per touched profile. */
async function writeArrivalPlan(tx: Database, model: CachedModel, plan: ArrivalPlan): Promise<void> {
  if (plan.newProfiles.length)
    await tx.execute(sql`insert into profiles (id) select unnest(${pgTextArray(plan.newProfiles)}::uuid[])`);
  if (plan.joins.length) {
    const joins = JSON.stringify(plan.joins);
    await tx.execute(sql`insert into profile_members (profile_id, record_id, score, reason, matched_by)
      select j.profile_id, j.record_id, j.score, 'model', ${`model v${model.version} (real time)`}
      from jsonb_to_recordset(${joins}::jsonb) as j(record_id uuid, profile_id uuid, score double precision)`);
    await tx.execute(sql`update source_records s set profile_id = j.profile_id
      from jsonb_to_recordset(${joins}::jsonb) as j(record_id uuid, profile_id uuid)
      where s.id = j.record_id`);
  }
  if (plan.rescored.length)
    await tx.execute(sql`update profile_members m set score = j.score
      from jsonb_to_recordset(${JSON.stringify(plan.rescored)}::jsonb) as j(record_id uuid, score double precision)
      where m.record_id = j.record_id`);
  if (plan.reviews.length)
    await tx.execute(sql`insert into review_tasks (kind, record_ids, profile_ids, score, explanation)
      select 'pair', r.record_ids, r.profile_ids, r.score, r.explanation
      from jsonb_to_recordset(${JSON.stringify(plan.reviews)}::jsonb)
        as r(record_ids uuid[], profile_ids uuid[], score double precision, explanation jsonb)
      on conflict do nothing`);
  if (plan.touched.size) {
    const touched = [...plan.touched];
    await refreshGoldenAttributes(tx, touched);
    await tx.execute(sql`select pg_notify('c360_profiles', id) from unnest(${pgTextArray(touched)}::text[]) as t(id)`);
  }
}

/**
 * Keys found to be common values (more than maxRealtimeBlockSize stored records), per model. Finding one out costs
 * an index scan of its whole posting list, and a common value stays common, so each is looked up once per process.
 */
const oversizedKeys = new Map<string, Set<string>>();
const maxRememberedOversizedKeys = 200_000;

/**
 * Stored candidates of a batch: every record sharing one of its blocking keys, one index lookup per distinct key.
 * A key held by more than maxRealtimeBlockSize stored records is a common value and is left out, as the batch run
 * leaves out oversized blocks. Each candidate comes once, with the batch's keys it holds, however many it shares.
 */
async function findCandidates(
  tx: Database,
  modelId: string,
  incomingIds: string[],
  batchKeys: string[],
): Promise<(Candidate & { keys: string[] })[]> {
  let known = oversizedKeys.get(modelId);
  if (!known) oversizedKeys.set(modelId, (known = new Set()));
  const keys = batchKeys.filter((key) => !known.has(key));
  if (keys.length === 0) return [];
  const [result] = await queryRows<{ oversized: string[] | null; candidates: (Candidate & { keys: string[] })[] | null }>(
    tx,
    sql`with hits as (
          select k.key, c.id
          from unnest(${pgTextArray(keys)}::text[]) as k(key)
          cross join lateral (
            select s.id from source_records s
            where s.blocking_keys @> array[k.key] and s.status = 'active' and s.profile_id is not null
              and s.id <> all(${pgTextArray(incomingIds)}::uuid[])
            limit ${maxRealtimeBlockSize + 1}) c
        ), sizes as (
          select key, count(*) as n from hits group by key
        )
        select
          (select array_agg(key) from sizes where n > ${maxRealtimeBlockSize}) as oversized,
          (select json_agg(c) from (
            select s.id, src.name as source_name, s.standardized, s.profile_id, array_agg(h.key order by h.key) as keys
            from hits h
            join sizes z on z.key = h.key and z.n <= ${maxRealtimeBlockSize}
            join source_records s on s.id = h.id
            join sources src on src.id = s.source_id
            group by s.id, src.name) c) as candidates`,
  );
  if (known.size < maxRememberedOversizedKeys) for (const key of result?.oversized ?? []) known.add(key);
  return result?.candidates ?? [];
}
