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

async function currentModel(db: Database): Promise<CachedModel | null> {
  const [active] = await queryRows<{ id: string }>(db, sql`select id from match_models where active limit 1`);
  if (!active) return null;
  const cached = modelCache.get(db);
  if (cached?.id === active.id) return cached;
  const stored = await loadActiveModel(db);
  if (!stored) return null;
  const model: CachedModel = {
    ...stored,
    frequencies: await loadTermFrequencies(db, termFrequencyFields(stored.model)),
    matchWeight: probabilityToWeight(stored.model.matchThreshold),
    reviewWeight: probabilityToWeight(stored.model.reviewThreshold),
  };
  modelCache.set(db, model);
  return model;
}

interface StoredRow extends Record<string, unknown> {
  id: string;
  source_name: string;
  standardized: Partial<StandardRecord>;
  profile_id: string | null;
}

function emptyCounts(): Record<ArrivalDecision, number> {
  return { linked: 0, new_profile: 0, review: 0, unchanged: 0, unresolved: 0 };
}

export async function resolveOnArrival(db: Database, recordIds: readonly string[], actor: Actor): Promise<ArrivalResult> {
  const counts = emptyCounts();
  if (recordIds.length === 0) return { outcomes: [], counts };
  const model = await currentModel(db);
  if (!model) {
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
      sql`select s.id, src.name as source_name, s.standardized, s.profile_id from source_records s
          join sources src on src.id = s.source_id
          where s.id = any(${pgTextArray([...recordIds])}::uuid[]) and s.status = 'active'`,
    );
    const touched = new Set<string>();
    const results: ArrivalOutcome[] = [];
    // One by one inside the transaction: a record sees the records of the same batch resolved before it.
    for (const row of incoming) results.push(await resolveOne(tx, model, row, touched));
    if (touched.size) {
      await refreshGoldenAttributes(tx, [...touched]);
      for (const profileId of touched) await tx.execute(sql`select pg_notify('c360_profiles', ${profileId})`);
    }
    return results;
  });
  for (const outcome of outcomes) counts[outcome.decision]++;
  await recordAudit(db, actor, {
    action: "resolution.on_arrival",
    entityType: "resolution",
    entityId: model.id,
    details: { records: recordIds.length, ...counts, modelVersion: model.version },
  });
  return { outcomes, counts };
}

async function resolveOne(tx: Database, model: CachedModel, row: StoredRow, touched: Set<string>): Promise<ArrivalOutcome> {
  const record = toStoreRecord(row.id, row.source_name, row.standardized);
  const keys = blockingKeysOf(model.model, record);
  await tx.execute(sql`update source_records set blocking_keys = ${pgTextArray(keys)}::text[] where id = ${row.id}`);
  const candidates = await findCandidates(tx, row.id, keys);
  const store = new RecordStore();
  const self = store.add(record);
  for (const candidate of candidates) store.add(toStoreRecord(candidate.id, candidate.source_name, candidate.standardized));
  applyTermFrequencies(store, model.frequencies);
  const scorer = new PairScorer(model.model, store);

  let best: { position: number; weight: number; profileId: string } | null = null;
  let bestReview: { position: number; weight: number; profileId: string } | null = null;
  for (let position = 1; position < store.size; position++) {
    const profileId = candidates[position - 1]!.profile_id!;
    const weight = scorer.score(self, position);
    const isMatch = weight >= model.matchWeight && scorer.passesNameGate(self, position);
    if (isMatch && (!best || weight > best.weight)) best = { position, weight, profileId };
    else if (!isMatch && weight >= model.reviewWeight && (!bestReview || weight > bestReview.weight)) bestReview = { position, weight, profileId };
  }

  const current = row.profile_id;
  if (best && (!current || current === best.profileId)) {
    const score = weightToProbability(best.weight);
    if (current) {
      await tx.execute(sql`update profile_members set score = ${score} where record_id = ${row.id}`);
      touched.add(current);
      return { recordId: row.id, decision: "unchanged", profileId: current, score };
    }
    await joinProfile(tx, row.id, best.profileId, score, model.version);
    touched.add(best.profileId);
    return { recordId: row.id, decision: "linked", profileId: best.profileId, score };
  }

  let profileId = current;
  if (!profileId) {
    profileId = randomUUID();
    await tx.execute(sql`insert into profiles (id) values (${profileId})`);
    await joinProfile(tx, row.id, profileId, null, model.version);
  }
  touched.add(profileId);
  // A changed record that now matches another profile, or a new one that is only probably someone: a steward decides.
  const doubt = best && current && best.profileId !== current ? best : bestReview;
  if (doubt && doubt.profileId !== profileId) {
    const recordIds = [row.id, candidates[doubt.position - 1]!.id].sort();
    await tx.execute(sql`insert into review_tasks (kind, record_ids, profile_ids, score, explanation)
      values ('pair', ${pgTextArray(recordIds)}::uuid[], ${pgTextArray([profileId, doubt.profileId].sort())}::uuid[],
              ${weightToProbability(doubt.weight)}, ${JSON.stringify(explainPair(scorer, self, doubt.position))}::jsonb)
      on conflict do nothing`);
    return { recordId: row.id, decision: "review", profileId, score: weightToProbability(doubt.weight) };
  }
  return { recordId: row.id, decision: current ? "unchanged" : "new_profile", profileId, score: null };
}

/** Candidates that share a blocking key with the record, one index lookup per key, oversized blocks left out. */
async function findCandidates(tx: Database, recordId: string, keys: string[]): Promise<StoredRow[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<StoredRow & { key: string }>(
    tx,
    sql`select k.key, c.id, c.source_name, c.standardized, c.profile_id
        from unnest(${pgTextArray(keys)}::text[]) as k(key)
        cross join lateral (
          select s.id, src.name as source_name, s.standardized, s.profile_id from source_records s
          join sources src on src.id = s.source_id
          where s.blocking_keys @> array[k.key] and s.status = 'active' and s.id <> ${recordId} and s.profile_id is not null
          limit ${maxRealtimeBlockSize + 1}) c`,
  );
  const perKey = new Map<string, number>();
  for (const row of rows) perKey.set(row.key, (perKey.get(row.key) ?? 0) + 1);
  const unique = new Map<string, StoredRow>();
  for (const row of rows) if (perKey.get(row.key)! <= maxRealtimeBlockSize && !unique.has(row.id)) unique.set(row.id, row);
  return [...unique.values()];
}

async function joinProfile(tx: Database, recordId: string, profileId: string, score: number | null, modelVersion: number) {
  await tx.execute(sql`insert into profile_members (profile_id, record_id, score, reason, matched_by)
    values (${profileId}, ${recordId}, ${score}, 'model', ${`model v${modelVersion} (real time)`})`);
  await tx.execute(sql`update source_records set profile_id = ${profileId} where id = ${recordId}`);
}
