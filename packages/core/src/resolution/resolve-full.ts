// Batch resolution over everything stored: train or load the model, cluster all records, and write profiles with
// stable ids, members, golden attributes with provenance and review tasks, in one transaction.
import { queryRows, type Database } from "@c360/db/client";
import { labelledPairs, resolutionRuns } from "@c360/db/schema";
import {
  explainPair,
  RecordStore,
  resolveStore,
  weightToProbability,
  type MatchModel,
  type ScoredPairs,
} from "@c360/matching";
import { calibratedMatchWeight, type ReviewPolicy } from "@c360/matching/decide/review-band";
import { PairScorer } from "@c360/matching/model/scorer";
import { eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { attachUnattributedConsent } from "../consent/attach-unattributed-consent";
import {
  applyStewardOverrides,
  buildGoldenAttributes,
  type StewardOverride,
} from "../profiles/build-golden-attributes";
import { loadStewardOverrides } from "../profiles/load-steward-overrides";
import { storedGoldenRows } from "../profiles/refresh-golden-attributes";
import { moveStewardOverrides } from "../profiles/move-steward-overrides";
import { moveConsent } from "../stewardship/move-consent";
import { moveRelationships } from "../stewardship/move-relationships";
import { executeChunked } from "@c360/db/bulk";
import { loadActiveRecords, type ActiveRecord } from "./load-active-records";
import { answersAsLabels, planReviewAndHouseholds } from "./plan-review-and-households";
import { readReviewPolicy } from "./review-policy";
import { activateNewModel, loadActiveModel } from "./model-store";
import { applyStewardDecisions } from "./steward-constraints";
import { assignStableProfileIds } from "./stable-profile-ids";

export interface ResolveFullOptions {
  actor: Actor;
  /** Train a new model version even when one is active. */
  retrain?: boolean;
  /** At most this many new review tasks per run, the most likely changes first (besides the policy's budget). */
  maxReviewTasks?: number;
  /** The review budget; C360_REVIEW_BUDGET / C360_REVIEW_MIN_CHANGE (review-policy.ts) when not given. */
  reviewPolicy?: ReviewPolicy;
  onProgress?: (stage: string, detail: string) => void;
}

export interface ResolveFullResult {
  runId: string;
  modelVersion: number;
  trained: boolean;
  records: number;
  profiles: number;
  newProfiles: number;
  keptProfiles: number;
  retiredProfiles: number;
  candidatePairs: number;
  reviewTasks: number;
  /** Pairs of profiles the run decided are one household (relationships of kind household). */
  households: number;
  /**
   * What stewards' answers taught this run's model: answers it learnt from (0 until there are 20 with 5 of each
   * kind), and the match weight (bits) at which pairs link, which the answers move.
   */
  learning: { answers: number; matchWeight: number };
  warnings: string[];
  seconds: Record<string, number>;
}

/** Serialises batch and real-time writers of profiles (both take this lock for their write phase). */
export const resolutionLock = sql`select pg_advisory_xact_lock(hashtext('c360.resolution'))`;

export async function resolveFull(db: Database, options: ResolveFullOptions): Promise<ResolveFullResult> {
  const seconds: Record<string, number> = {};
  let started = performance.now();
  const stage = (name: string, detail = "") => {
    const now = performance.now();
    seconds[name] = Math.round(now - started) / 1000;
    started = now;
    options.onProgress?.(name, detail);
  };

  const [run] = await db
    .insert(resolutionRuns)
    .values({ kind: "full", status: "running" })
    .returning({ id: resolutionRuns.id });
  try {
    const records = await loadActiveRecords(db);
    const store = new RecordStore();
    for (const record of records) store.add(record.standardized);
    stage("load", `${records.length} records`);

    const active = options.retrain ? null : await loadActiveModel(db);
    const decisions = await db.select().from(labelledPairs);
    // Stewards' answers teach the model, the active one or the one trained now (learnFromLabels: the calibration of
    // its probabilities, to which the match threshold applies), every run afresh from all answers so far.
    const resolution = resolveStore(store, {
      model: active?.model,
      labels: answersAsLabels(decisions),
      onStage: (name, s) => (seconds[`engine.${name}`] = Math.round(s * 1000) / 1000),
    });
    const model: MatchModel = resolution.model;
    let modelVersion = active?.version ?? 0;
    let modelId = active?.id ?? null;
    if (!active) {
      // The stored model is the unsupervised one: answers are applied to it at each use, never twice.
      const stored = await activateNewModel(
        db,
        { ...model, calibration: null },
        { records: records.length, candidatePairs: resolution.candidates.length },
      );
      modelVersion = stored.version;
      modelId = stored.id;
    }
    stage(
      "match",
      `${resolution.candidates.length} candidate pairs, model v${modelVersion}${active ? "" : " (trained)"}`,
    );

    const clusterOf = applyStewardDecisions(
      records.map((r) => r.id),
      resolution.clusterIds,
      decisions,
    );
    const clusters = groupByCluster(records, clusterOf);
    const assignment = assignStableProfileIds(
      clusters.map((members) => members.map((m) => m.id)),
      new Map(records.map((r) => [r.id, r.profileId])),
      randomUUID,
    );
    const profileOfRecord = new Map<string, string>();
    clusters.forEach((members, i) =>
      members.forEach((m) => profileOfRecord.set(m.id, assignment.profileIds[i]!)),
    );
    stage("cluster", `${clusters.length} profiles`);

    const scorer = new PairScorer(model, store);
    const bestScore = bestScoreWithinProfile(resolution.scored, store, profileOfRecord);
    const stewardLinked = new Set(
      decisions.filter((d) => d.isMatch).flatMap((d) => [d.recordAId, d.recordBId]),
    );
    const profileRows = clusters.map((members, i) => {
      const golden = buildGoldenAttributes(
        members.map((m) => ({
          recordId: m.id,
          sourceName: m.sourceName,
          sourceTrust: m.sourceTrust,
          updatedAt: m.updatedAt.toISOString(),
          standardized: m.standardized,
          raw: m.raw,
          fieldMapping: m.fieldMapping,
        })),
      );
      return { id: assignment.profileIds[i]!, members, golden };
    });
    // Open tasks that this run does not settle keep their profiles "with a task" for the budget.
    const stillOpen = await queryRows<{ id: string; record_id: string }>(
      db,
      sql`select id, unnest(record_ids) as record_id from review_tasks where status = 'open'`,
    );
    const profilesOfTask = new Map<string, Set<string>>();
    for (const row of stillOpen) {
      const profile = profileOfRecord.get(row.record_id);
      if (profile !== undefined)
        profilesOfTask.set(row.id, (profilesOfTask.get(row.id) ?? new Set()).add(profile));
    }
    const openProfiles = new Set<string>();
    for (const ids of profilesOfTask.values()) if (ids.size > 1) for (const id of ids) openProfiles.add(id);
    const plan = planReviewAndHouseholds({
      scorer,
      scored: resolution.scored,
      profileOfRecord,
      decided: decisions,
      openProfiles,
      policy: options.reviewPolicy ?? readReviewPolicy(),
    });
    const reviewRows = plan.reviews.slice(0, options.maxReviewTasks ?? 5000).map((task) => ({
      record_ids: `{${[store.idAt(task.a), store.idAt(task.b)].sort().join(",")}}`,
      profile_ids: `{${[task.profileA, task.profileB].sort().join(",")}}`,
      score: task.probability,
      priority: task.expectedValue,
      explanation: explainPair(scorer, task.a, task.b),
    }));
    const householdRows = plan.households.map((h) => ({
      from_id: h.profileIds[0],
      to_id: h.profileIds[1],
      properties: {
        origin: "model",
        modelVersion,
        recordIds: h.recordIds,
        reason: "same address and family, given names and birth dates differ",
      },
    }));
    stage("survive", `${profileRows.length} golden profiles`);

    await db.transaction(async (tx) => {
      await tx.execute(resolutionLock);
      // Rewriting every profile: let the trigram indexes' pending lists grow as PostgreSQL's default allows and
      // merge them once, below, instead of in the many small batches every other session keeps them to.
      await tx.execute(sql`set local gin_pending_list_limit = '4MB'`);
      // Every record is rewritten: the change feed gets one "everything changed" row instead of a row per record,
      // and each process's resident index of real-time resolution loads afresh (resident-index.ts).
      await tx.execute(sql`set local c360.full_resolution = 'on'`);
      await tx.execute(sql`insert into record_changes (record_id) values (null)`);
      const retired = [...assignment.retired]
        .filter(([, successor]) => successor !== null)
        .map(([id, successor]) => ({ id, successor }));
      // Steward overrides are read under the lock (a steward may have set one while the engine ran) and put over
      // the survived values; a retired profile's overrides go to its successor, the most recent per attribute.
      const overrides = await loadStewardOverrides(tx, [
        ...profileRows.map((p) => p.id),
        ...retired.map((r) => r.id),
      ]);
      if (overrides.size > 0) {
        for (const { id, successor } of retired) {
          const moving = overrides.get(id);
          if (moving)
            overrides.set(
              successor!,
              mostRecentPerAttribute([...(overrides.get(successor!) ?? []), ...moving]),
            );
        }
        for (const p of profileRows) {
          const own = overrides.get(p.id);
          if (own) p.golden = applyStewardOverrides(p.golden, own);
        }
      }
      stage("write.overrides");
      await executeChunked(
        tx,
        profileRows.map((p) => ({
          id: p.id,
          display_name: p.golden.displayName,
          search_text: p.golden.searchText,
        })),
        (set) => sql`insert into profiles (id, display_name, search_text)
          select id, display_name, search_text from ${set}
          on conflict (id) do update set display_name = excluded.display_name, search_text = excluded.search_text,
            status = 'active', merged_into_id = null, version = profiles.version + 1, updated_at = now()`,
        "x",
        "id uuid, display_name text, search_text text",
      );
      await executeChunked(
        tx,
        retired,
        (
          set,
        ) => sql`update profiles p set status = 'merged', merged_into_id = x.successor, version = p.version + 1, updated_at = now()
          from ${set} where p.id = x.id`,
        "x",
        "id uuid, successor uuid",
      );
      // Consent follows identity, with the same most-restrictive rule as a steward's merge.
      for (const { id, successor } of retired) await moveConsent(tx, id, successor!);
      await moveRelationships(
        tx,
        retired.map(({ id, successor }) => ({ loserId: id, survivorId: successor! })),
      );
      if (overrides.size > 0)
        await moveStewardOverrides(
          tx,
          retired.map((r) => ({ from: r.id, to: r.successor! })),
        );
      stage("write.profiles");

      // Only the records this run clustered: a record that arrived after the snapshot keeps its real-time membership.
      await executeChunked(
        tx,
        records.map((r) => ({ id: r.id })),
        (set) => sql`delete from profile_members m using ${set} where m.record_id = x.id`,
        "x",
        "id uuid",
      );
      await executeChunked(
        tx,
        records.map((r) => ({
          profile_id: profileOfRecord.get(r.id)!,
          record_id: r.id,
          score: bestScore.get(r.id) ?? null,
          reason: stewardLinked.has(r.id) ? "steward" : "model",
          matched_by: `model v${modelVersion}`,
        })),
        (set) => sql`insert into profile_members (profile_id, record_id, score, reason, matched_by)
          select profile_id, record_id, score, reason::member_reason, matched_by from ${set}`,
        "x",
        "profile_id uuid, record_id uuid, score double precision, reason text, matched_by text",
      );
      stage("write.members");
      await executeChunked(
        tx,
        records.map((r) => ({ id: r.id, profile_id: profileOfRecord.get(r.id)!, version: r.currentVersion })),
        // Rows whose profile and decided version are already right are left alone (a re-run writes next to nothing).
        // A version decided in real time since the snapshot stays: the decided version never goes back.
        (set) => sql`update source_records s
          set profile_id = x.profile_id, resolved_version = greatest(s.resolved_version, x.version) from ${set}
          where s.id = x.id
            and (s.profile_id is distinct from x.profile_id or s.resolved_version is null or s.resolved_version < x.version)`,
        "x",
        "id uuid, profile_id uuid, version int",
      );
      stage("write.records");

      // The timeline follows the records: interactions carry the profile of the record they came with.
      await tx.execute(sql`update interactions i set profile_id = s.profile_id from source_records s
        where i.source_record_id = s.id and i.profile_id is distinct from s.profile_id`);
      stage("write.interactions");

      await executeChunked(
        tx,
        [...profileRows.map((p) => ({ id: p.id })), ...retired.map((r) => ({ id: r.id }))],
        (set) => sql`delete from golden_attributes g using ${set} where g.profile_id = x.id`,
        "x",
        "id uuid",
      );
      await executeChunked(
        tx,
        profileRows.flatMap((p) => storedGoldenRows(p.id, p.golden.attributes)),
        (
          set,
        ) => sql`insert into golden_attributes (profile_id, attribute, value, source_record_id, rule, rule_detail)
          select profile_id, attribute, value, source_record_id, rule, coalesce(rule_detail, '{}'::jsonb) from ${set}`,
        "x",
        "profile_id uuid, attribute text, value jsonb, source_record_id uuid, rule text, rule_detail jsonb",
      );
      stage("write.golden");

      await executeChunked(
        tx,
        reviewRows.map((r) => ({ ...r, run_id: run!.id })),
        (
          set,
        ) => sql`insert into review_tasks (kind, record_ids, profile_ids, score, priority, explanation, resolution_run_id)
          select 'pair', record_ids, profile_ids, least(greatest(score, 0), 1), priority, explanation, run_id from ${set}
          on conflict do nothing`,
        "x",
        "record_ids uuid[], profile_ids uuid[], score double precision, priority double precision, explanation jsonb, run_id uuid",
      );
      // Households the model decided are decided again by each full run; those a steward recorded stay.
      await tx.execute(
        sql`delete from relationships where kind = 'household' and properties->>'origin' = 'model'`,
      );
      await executeChunked(
        tx,
        householdRows,
        (set) => sql`insert into relationships (from_profile_id, to_profile_id, kind, properties)
          select from_id, to_id, 'household', properties from ${set}
          on conflict do nothing`,
        "x",
        "from_id uuid, to_id uuid, properties jsonb",
      );
      stage("write.reviews");
      // Open tasks whose two records now share a profile were settled by this run. (Unnesting the record ids lets
      // each one use the membership index; `= any(record_ids)` in the join compared every task with every member.)
      await tx.execute(sql`update review_tasks t set status = 'dismissed', decided_at = now(), decision_note = 'resolved by batch run'
        from (select o.id from review_tasks o cross join lateral unnest(o.record_ids) as r(id)
              join profile_members m on m.record_id = r.id
              where o.status = 'open' group by o.id having count(distinct m.profile_id) = 1) settled
        where t.id = settled.id`);
      stage("write.settle");
    });
    // The run's new trigram entries, merged into the indexes in bulk: left pending, every search would scan them.
    await db.execute(sql`select gin_clean_pending_list('profiles_search_text_trgm_idx'::regclass),
      gin_clean_pending_list('profiles_display_name_trgm_idx'::regclass)`);
    // Consent captured before its person had a profile now has one to follow.
    await attachUnattributedConsent(db);
    stage("write.consent");
    // Fresh statistics for every table the run rewrote, so later lookups by profile use their indexes without
    // waiting for autovacuum (which may be slow to come after a bulk load, or switched off): a golden refresh's
    // "which attributes are stored for these 100 profiles" read the whole of golden_attributes when it had none.
    await db.execute(sql`analyze source_records, profile_members, profiles, golden_attributes`);
    stage("write.analyze", `${profileRows.length} profiles written`);

    const result: ResolveFullResult = {
      runId: run!.id,
      modelVersion,
      trained: !active,
      records: records.length,
      profiles: profileRows.length,
      newProfiles: assignment.isNew.filter(Boolean).length,
      keptProfiles: assignment.isNew.filter((n) => !n).length,
      retiredProfiles: assignment.retired.size,
      candidatePairs: resolution.candidates.length,
      reviewTasks: reviewRows.length,
      households: householdRows.length,
      learning: {
        answers: model.calibration?.labels ?? 0,
        matchWeight: Math.round(calibratedMatchWeight(model) * 1000) / 1000,
      },
      warnings: resolution.warnings,
      seconds,
    };
    const { warnings: _warnings, ...stats } = result;
    await db
      .update(resolutionRuns)
      .set({
        status: "completed",
        finishedAt: new Date(),
        modelId,
        stats: { ...stats, warnings: result.warnings },
      })
      .where(eq(resolutionRuns.id, run!.id));
    // A run that started before this one and still says "running" was killed (its write transaction rolled back,
    // but its run row was committed at the start): say so, rather than show it running forever.
    await db.execute(sql`update resolution_runs set status = 'failed', finished_at = now(),
        error = 'interrupted: the process stopped before the run finished (nothing of it was written)'
      where kind = 'full' and status = 'running' and id <> ${run!.id}
        and started_at < (select started_at from resolution_runs where id = ${run!.id})`);
    await recordAudit(db, options.actor, {
      action: "resolution.full",
      entityType: "resolution_run",
      entityId: run!.id,
      details: stats,
    });
    return result;
  } catch (error) {
    await db
      .update(resolutionRuns)
      .set({
        status: "failed",
        finishedAt: new Date(),
        error: error instanceof Error ? error.message : String(error),
      })
      .where(eq(resolutionRuns.id, run!.id));
    throw error;
  }
}

function mostRecentPerAttribute(overrides: readonly StewardOverride[]): StewardOverride[] {
  const byAttribute = new Map<string, StewardOverride>();
  for (const o of overrides) {
    const kept = byAttribute.get(o.attribute);
    if (!kept || o.setAt > kept.setAt) byAttribute.set(o.attribute, o);
  }
  return [...byAttribute.values()];
}

function groupByCluster(records: ActiveRecord[], clusterOf: string[]): ActiveRecord[][] {
  const groups = new Map<string, ActiveRecord[]>();
  records.forEach((record, position) => {
    const key = clusterOf[position]!;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  });
  return [...groups.values()];
}

/** Each record's strongest link to another member of its profile, as a probability (its membership score). */
function bestScoreWithinProfile(
  scored: ScoredPairs,
  store: RecordStore,
  profileOf: Map<string, string>,
): Map<string, number> {
  const best = new Map<string, number>();
  for (let i = 0; i < scored.length; i++) {
    const a = store.idAt(scored.a[i]!);
    const b = store.idAt(scored.b[i]!);
    if (profileOf.get(a) !== profileOf.get(b)) continue;
    const p = weightToProbability(scored.weight[i]!);
    if (p > (best.get(a) ?? -1)) best.set(a, p);
    if (p > (best.get(b) ?? -1)) best.set(b, p);
  }
  return best;
}
