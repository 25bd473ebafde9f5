// Erasure (GDPR Art. 17) as idempotent steps, each one transaction recorded in privacy_request_log: a failure
// leaves the finished steps done and the failed one rolled back, and the next run (retry or the worker) resumes at
// the first step not completed, until the request is completed. Never half-done: a request stays in_progress, and
// shows as pending, until its last step commits.
import { forgetMemoizedText } from "@c360/matching/standardize/memo";
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { PrivacySubject } from "@c360/db/schema";
import { privacyRequestLog, privacyRequests, suppressions } from "@c360/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { systemActor, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { computeIdentityHashes, subjectIdentityHashes, type SuppressionKey } from "../ingest/identity-hash";
import { notifyProfileChanges } from "../profiles/notify-profile-changes";
import { pgTextArray } from "@c360/db/bulk";
import { unattributedConsentOf } from "./build-subject-export";
import { lockPrivacyRequest, type PrivacyRequestRow } from "./load-privacy-request";
import { logPrivacyStep } from "./privacy-log";
import { profileFamily, standardizeSubject, subjectRecordIds, survivingProfileId } from "./privacy-subject";
import {
  ilikePatterns,
  needlePattern,
  needlesOfRecord,
  normaliseNeedles,
  redactJson,
  redactText,
} from "./redact-strings";
import { loadSuppressionKey } from "./suppression-key";

/** In order. Steps that need the subject's data (hashes, strings to scrub) run before the records go. */
export const ERASURE_STEPS = [
  "erase_plan",
  "suppress",
  "erase_consent",
  "erase_interactions",
  "erase_relationships",
  "erase_stewardship",
  "scrub_history",
  "erase_source_records",
  "erase_golden_profile",
  "minimise_requests",
] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

interface ErasurePlan {
  profileIds: string[];
  recordIds: string[];
}

interface StepContext {
  request: PrivacyRequestRow;
  plan: ErasurePlan;
  key: SuppressionKey;
}

const uuids = (values: readonly string[]) => sql`${pgTextArray([...values])}::uuid[]`;

async function count(tx: Database, query: ReturnType<typeof sql>): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with affected as (${query}) select count(*)::int as n from affected`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function planErasure(tx: Database, request: PrivacyRequestRow): Promise<ErasurePlan> {
  // A merge since the request was made moved the subject's records to the surviving profile: erase from there.
  const current = request.profileId ? await survivingProfileId(tx, request.profileId) : null;
  const profileIds = current ? await profileFamily(tx, current) : [];
  const recordIds = await subjectRecordIds(tx, profileIds, request.subject);
  return { profileIds, recordIds };
}

async function suppress(tx: Database, { request, plan, key }: StepContext) {
  const records = await queryRows<{
    source_id: string;
    external_id: string;
    standardized: Record<string, unknown>;
  }>(
    tx,
    sql`select source_id, external_id, standardized from source_records where id = any(${uuids(plan.recordIds)})`,
  );
  const hashes = [
    ...records.flatMap((r) =>
      computeIdentityHashes(
        {
          sourceId: r.source_id,
          externalId: r.external_id,
          standard: {
            email: (r.standardized.email as string | null) ?? null,
            phone: (r.standardized.phone as string | null) ?? null,
            firstName: (r.standardized.firstName as string | null) ?? null,
            lastName: (r.standardized.lastName as string | null) ?? null,
            dob: (r.standardized.dob as string | null) ?? null,
            nationalId: (r.standardized.nationalId as string | null) ?? null,
          },
        },
        key,
      ),
    ),
    ...subjectIdentityHashes(subjectIdentities(request.subject), key),
  ];
  const unique = new Map(hashes.map((h) => [h.hash, h]));
  if (unique.size > 0) {
    await tx
      .insert(suppressions)
      .values(
        [...unique.values()].map((h) => ({
          identityHash: h.hash,
          identityKind: h.kind,
          reason: "erasure",
          privacyRequestId: request.id,
        })),
      )
      .onConflictDoNothing();
  }
  const byKind: Record<string, number> = {};
  for (const h of unique.values()) byKind[h.kind] = (byKind[h.kind] ?? 0) + 1;
  return { suppressed: unique.size, byKind };
}

function subjectIdentities(subject: PrivacySubject) {
  return {
    email: subject.email ?? null,
    phone: subject.phone ?? null,
    name: typeof subject.name === "string" ? subject.name : null,
    dob: typeof subject.dob === "string" ? subject.dob : null,
  };
}

async function eraseConsent(tx: Database, { request, plan }: StepContext) {
  // The ledger refuses UPDATE and DELETE except under this setting, which ends with the transaction
  // (migration 0003_consent_ledger).
  await tx.execute(sql`set local c360.erasure = 'on'`);
  const standard = standardizeSubject(request.subject);
  // Pseudonymised, not deleted: what was consented to, when and how stays provable; whose it was does not.
  const events = await count(
    tx,
    sql`update consent_events e set subject_identities = ${JSON.stringify({ erased: true, privacyRequestId: request.id })}::jsonb,
          origin = null, user_agent = null
        where e.profile_id = any(${uuids(plan.profileIds)}) or ${unattributedConsentOf(standard)} returning 1`,
  );
  const states = await count(
    tx,
    sql`delete from consent_state where profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  return { consentEventsPseudonymised: events, consentStatesDeleted: states };
}

async function eraseInteractions(tx: Database, { request, plan }: StepContext) {
  const standard = standardizeSubject(request.subject);
  // Behavioural events (decision 0901) of the subject that no record holds yet: those naming one of the subject's
  // records by userId, those of an anonymous id joined to them (identify/alias, whose joins go too), and those
  // carrying the subject's email or phone.
  const ids = sql`(select s.id as event_source_id, r.external_id as user_id
      from source_records r
      join (select s.id, coalesce(st.user_id_source_id, s.id) as uid_source_id
            from sources s left join event_source_settings st on st.source_id = s.id) s on s.uid_source_id = r.source_id
      where r.id = any(${uuids(plan.recordIds)}))`;
  const anonymous = await queryRows<{ source_id: string; anonymous_id: string }>(
    tx,
    sql`with d as (
          delete from event_aliases a using ${ids} u where a.source_id = u.event_source_id and a.user_id = u.user_id
          returning a.source_id, a.anonymous_id)
        select source_id, anonymous_id from d
        union
        select distinct source_id, anonymous_id from interactions
        where anonymous_id is not null and (profile_id = any(${uuids(plan.profileIds)}) or source_record_id = any(${uuids(plan.recordIds)}))`,
  );
  const deleted = await count(
    tx,
    sql`delete from interactions i where i.profile_id = any(${uuids(plan.profileIds)}) or i.source_record_id = any(${uuids(plan.recordIds)})
          or (i.contact_email is not null and i.contact_email = ${standard.email})
          or (i.contact_phone is not null and i.contact_phone = ${standard.phone})
          or (i.user_id is not null and exists (select 1 from ${ids} u where u.event_source_id = i.source_id and u.user_id = i.user_id))
          or (i.anonymous_id is not null and exists (select 1 from jsonb_to_recordset(${JSON.stringify(anonymous)}::jsonb)
                as a(source_id uuid, anonymous_id text) where a.source_id = i.source_id and a.anonymous_id = i.anonymous_id))
        returning 1`,
  );
  // Triggers' outbox rows of the subject (decision 2201): their payloads carry the events' properties.
  const deliveries = await count(
    tx,
    sql`delete from trigger_deliveries where profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  // Predictions (decision 2301) are derived from those events: the score, its reasons in words and the offers go too.
  const predictions = await count(
    tx,
    sql`delete from profile_predictions where profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  return {
    interactionsDeleted: deleted,
    anonymousIdsErased: anonymous.length,
    triggerDeliveriesDeleted: deliveries,
    predictionsDeleted: predictions,
  };
}

async function eraseRelationships(tx: Database, { plan }: StepContext) {
  const deleted = await count(
    tx,
    sql`delete from relationships where from_profile_id = any(${uuids(plan.profileIds)}) or to_profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  return { relationshipsDeleted: deleted };
}

async function eraseStewardship(tx: Database, { plan }: StepContext) {
  // Review tasks carry the compared values in their explanation; labelled pairs say who matched whom.
  const labelled = await count(
    tx,
    sql`delete from labelled_pairs where record_a_id = any(${uuids(plan.recordIds)}) or record_b_id = any(${uuids(plan.recordIds)}) returning 1`,
  );
  const tasks = await count(
    tx,
    sql`delete from review_tasks where record_ids && ${uuids(plan.recordIds)} or profile_ids && ${uuids(plan.profileIds)} returning 1`,
  );
  return { reviewTasksDeleted: tasks, labelledPairsDeleted: labelled };
}

/** Merge snapshots keep golden values and names of the profiles they touched: those of the subject are blanked. */
function redactSnapshot(
  snapshot: unknown,
  plan: ErasurePlan,
  pattern: RegExp | null,
  requestId: string,
): unknown {
  if (!snapshot || typeof snapshot !== "object") return snapshot;
  const profiles = new Set(plan.profileIds);
  const records = new Set(plan.recordIds);
  const s = { ...(snapshot as Record<string, unknown>) };
  if (Array.isArray(s.profiles)) {
    s.profiles = s.profiles.map((p: Record<string, unknown>) =>
      profiles.has(String(p.id)) ? { ...p, displayName: null, searchText: "" } : p,
    );
  }
  if (Array.isArray(s.goldenAttributes)) {
    s.goldenAttributes = s.goldenAttributes.map((g: Record<string, unknown>) => {
      if (profiles.has(String(g.profileId)) || records.has(String(g.sourceRecordId)))
        return { ...g, value: null, ruleDetail: {} };
      const detail = (g.ruleDetail ?? {}) as { candidates?: { sourceRecordId?: string }[] };
      if (!Array.isArray(detail.candidates)) return g;
      return {
        ...g,
        ruleDetail: {
          ...detail,
          candidates: detail.candidates.filter((c) => !records.has(String(c.sourceRecordId))),
        },
      };
    });
  }
  if (Array.isArray(s.goldenOverrides)) {
    s.goldenOverrides = s.goldenOverrides.map((o: Record<string, unknown>) =>
      profiles.has(String(o.profileId)) ? { ...o, value: null, note: null } : o,
    );
  }
  return { ...(redactJson(s, pattern) as Record<string, unknown>), erasedByPrivacyRequest: requestId };
}

/** Redacts the needles from one column of the rows that mention them; returns how many rows changed. */
async function scrubColumn(
  tx: Database,
  table: string,
  idColumn: string,
  column: string,
  kind: "text" | "jsonb",
  needles: string[],
  pattern: RegExp | null,
): Promise<number> {
  if (!pattern || needles.length === 0) return 0;
  const rows = await queryRows<{ id: string | number; value: unknown }>(
    tx,
    sql`select ${sql.identifier(idColumn)} as id, ${sql.identifier(column)} as value from ${sql.identifier(table)}
        where ${sql.identifier(column)}::text ilike any(${pgTextArray(ilikePatterns(needles))}::text[])`,
  );
  let changed = 0;
  for (const row of rows) {
    if (kind === "text") {
      const next = redactText(String(row.value ?? ""), pattern);
      if (next === row.value) continue;
      await tx.execute(
        sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${next} where ${sql.identifier(idColumn)} = ${row.id}`,
      );
    } else {
      const value = typeof row.value === "string" ? (JSON.parse(row.value) as unknown) : row.value;
      const next = redactJson(value, pattern);
      if (JSON.stringify(next) === JSON.stringify(value)) continue;
      await tx.execute(
        sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${JSON.stringify(next)}::jsonb where ${sql.identifier(idColumn)} = ${row.id}`,
      );
    }
    changed++;
  }
  return changed;
}

/** Text columns that are kept after an erasure but may quote the subject: audit details, notes, history. */
const KEPT_COLUMNS: readonly [table: string, id: string, column: string, kind: "text" | "jsonb"][] = [
  ["audit_log", "id", "details", "jsonb"],
  ["audit_log", "id", "entity_id", "text"],
  ["merge_events", "id", "reason", "text"],
  ["merge_events", "id", "before", "jsonb"],
  ["merge_events", "id", "after", "jsonb"],
  ["privacy_request_log", "id", "detail", "jsonb"],
  ["import_batches", "id", "errors", "jsonb"],
  ["quality_issue_comments", "id", "body", "text"],
  ["review_tasks", "id", "decision_note", "text"],
];

async function subjectNeedles(
  tx: Database,
  request: PrivacyRequestRow,
  plan: ErasurePlan,
): Promise<string[]> {
  const records = await queryRows<{
    external_id: string;
    raw: Record<string, unknown>;
    standardized: Record<string, unknown>;
  }>(
    tx,
    sql`select external_id, raw, standardized from source_records where id = any(${uuids(plan.recordIds)})`,
  );
  const golden = await queryRows<{ value: unknown }>(
    tx,
    sql`select value from golden_attributes where profile_id = any(${uuids(plan.profileIds)})
          and attribute in ('email', 'phone', 'given_name', 'first_name', 'family_name', 'last_name', 'full_name', 'dob', 'street')
        union all select to_jsonb(display_name) from profiles where id = any(${uuids(plan.profileIds)}) and display_name is not null`,
  );
  const subject = request.subject;
  const standard = standardizeSubject(subject);
  return normaliseNeedles([
    ...records.flatMap((r) =>
      needlesOfRecord({ externalId: r.external_id, raw: r.raw, standardized: r.standardized }),
    ),
    ...golden.map((g) => (typeof g.value === "string" ? g.value : null)),
    subject.email,
    subject.phone,
    typeof subject.name === "string" ? subject.name : null,
    typeof subject.dob === "string" ? subject.dob : null,
    typeof subject.externalId === "string" ? subject.externalId : null,
    standard.email,
    standard.phone,
    standard.firstName,
    standard.lastName,
  ]);
}

/**
 * Segments are kept, but a rule, name or description may name the subject ("email equals ann@...", "Ann's
 * friends"): those strings are redacted like history, and the segment says so in its description, since a rule
 * that named a person now selects no one by that condition and someone should look at it before the next export.
 */
async function scrubSegments(
  tx: Database,
  request: PrivacyRequestRow,
  needles: string[],
  pattern: RegExp | null,
): Promise<number> {
  if (!pattern || needles.length === 0) return 0;
  const patterns = pgTextArray(ilikePatterns(needles));
  const rows = await queryRows<{ id: string; name: string; description: string; definition: unknown }>(
    tx,
    sql`select id, name, description, definition from segments
        where name ilike any(${patterns}::text[]) or description ilike any(${patterns}::text[]) or definition::text ilike any(${patterns}::text[])`,
  );
  let changed = 0;
  for (const row of rows) {
    const definition =
      typeof row.definition === "string" ? (JSON.parse(row.definition) as unknown) : row.definition;
    const nextDefinition = redactJson(definition, pattern);
    let name = redactText(row.name, pattern);
    // Names are unique: two segments named after the subject must not both become "[erased] ...".
    if (name !== row.name) name = `${name} (${row.id.slice(0, 8)})`;
    const description = redactText(row.description, pattern);
    if (
      name === row.name &&
      description === row.description &&
      JSON.stringify(nextDefinition) === JSON.stringify(definition)
    )
      continue;
    const flag = `Edited by erasure (privacy request ${request.id}): an erased person's identifiers were removed from this segment; review its rule before the next export.`;
    await tx.execute(sql`update segments set name = ${name}, description = ${[description, flag].filter(Boolean).join("\n")},
        definition = ${JSON.stringify(nextDefinition)}::jsonb, updated_at = now() where id = ${row.id}::uuid`);
    await recordAudit(tx, systemActor("privacy"), {
      action: "segment.redacted_by_erasure",
      entityType: "segment",
      entityId: row.id,
      details: { privacyRequestId: request.id },
    });
    changed++;
  }
  return changed;
}

async function scrubHistory(tx: Database, { request, plan }: StepContext) {
  const needles = await subjectNeedles(tx, request, plan);
  const pattern = needlePattern(needles);
  // Merge events about the subject's profiles or records: blank their snapshot entries structurally first.
  const events = await queryRows<{ id: string; before: unknown; after: unknown }>(
    tx,
    sql`select id, before, after from merge_events
        where profile_ids && ${uuids(plan.profileIds)} or record_ids && ${uuids(plan.recordIds)}`,
  );
  for (const event of events) {
    await tx.execute(sql`update merge_events set
        before = ${JSON.stringify(redactSnapshot(event.before, plan, pattern, request.id))}::jsonb,
        after = ${JSON.stringify(redactSnapshot(event.after, plan, pattern, request.id))}::jsonb
      where id = ${event.id}::uuid`);
  }
  const scrubbed: Record<string, number> = { mergeEvents: events.length };
  for (const [table, id, column, kind] of KEPT_COLUMNS) {
    const changed = await scrubColumn(tx, table, id, column, kind, needles, pattern);
    if (changed) scrubbed[`${table}.${column}`] = changed;
  }
  const segments = await scrubSegments(tx, request, needles, pattern);
  if (segments) scrubbed.segments = segments;
  return { scrubbed, stringsLookedFor: needles.length };
}

async function eraseSourceRecords(tx: Database, { plan }: StepContext) {
  // Versions and memberships go with their record (on delete cascade); golden provenance is set null.
  const versions = await count(
    tx,
    sql`select 1 from source_record_versions where record_id = any(${uuids(plan.recordIds)})`,
  );
  const records = await count(
    tx,
    sql`delete from source_records where id = any(${uuids(plan.recordIds)}) returning 1`,
  );
  return { sourceRecordsDeleted: records, versionsDeleted: versions };
}

async function eraseGoldenProfile(tx: Database, { plan }: StepContext) {
  const attributes = await count(
    tx,
    sql`delete from golden_attributes where profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  await tx.execute(sql`delete from golden_overrides where profile_id = any(${uuids(plan.profileIds)})`);
  const members = await count(
    tx,
    sql`delete from profile_members where profile_id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  // The profile id stays as a tombstone (status erased, nothing else), so links to it (audit, merge history,
  // pseudonymised consent) resolve to "erased" rather than to nothing.
  const profiles = await count(
    tx,
    sql`update profiles set status = 'erased', merged_into_id = null, display_name = null, search_text = '', version = version + 1
        where id = any(${uuids(plan.profileIds)}) returning 1`,
  );
  await notifyProfileChanges(tx, plan.profileIds);
  return { profilesErased: profiles, goldenAttributesDeleted: attributes, membersDeleted: members };
}

async function minimiseRequests(tx: Database, { request, plan }: StepContext) {
  // Earlier requests of the same subject hold their identities and, for access requests, a whole export.
  const others = await queryRows<{ id: string; status: string }>(
    tx,
    sql`select id, status from privacy_requests where id <> ${request.id}::uuid
        and (profile_id = any(${uuids(plan.profileIds)}) or (subject_key is not null and subject_key = ${request.subjectKey}))`,
  );
  for (const other of others) {
    const open = ["received", "verifying", "in_progress"].includes(other.status);
    await tx
      .update(privacyRequests)
      .set({
        subject: { erased: true, erasedByPrivacyRequest: request.id },
        result: { erasedByPrivacyRequest: request.id },
        ...(open ? { status: "rejected" as const, completedAt: new Date() } : {}),
      })
      .where(eq(privacyRequests.id, other.id));
    if (open) {
      await logPrivacyStep(tx, other.id, "reject", "completed", {
        reason: `the subject's data was erased by privacy request ${request.id}`,
      });
    }
  }
  return { requestsMinimised: others.length };
}

const STEP_RUNNERS: Record<
  Exclude<ErasureStep, "erase_plan">,
  (tx: Database, ctx: StepContext) => Promise<Record<string, unknown>>
> = {
  suppress,
  erase_consent: eraseConsent,
  erase_interactions: eraseInteractions,
  erase_relationships: eraseRelationships,
  erase_stewardship: eraseStewardship,
  scrub_history: scrubHistory,
  erase_source_records: eraseSourceRecords,
  erase_golden_profile: eraseGoldenProfile,
  minimise_requests: minimiseRequests,
};

export interface RunErasureOptions {
  /** Called inside a step's transaction just before it commits; tests throw here to fail an erasure half-way. */
  beforeStepCommit?: (step: ErasureStep) => void | Promise<void>;
}

export interface ErasureOutcome {
  requestId: string;
  status: "completed";
  noDataHeld: boolean;
  /** Steps this run performed (the others were done by an earlier run). */
  performed: ErasureStep[];
  counts: Record<string, unknown>;
}

async function completedSteps(
  tx: Database,
  requestId: string,
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await tx
    .select({ step: privacyRequestLog.step, detail: privacyRequestLog.detail })
    .from(privacyRequestLog)
    .where(and(eq(privacyRequestLog.requestId, requestId), eq(privacyRequestLog.status, "completed")));
  return new Map(rows.map((r) => [r.step, r.detail]));
}

/** What a failure may say in the log: never a driver message, which can quote the statement's parameters. */
function failureDetail(error: unknown): Record<string, unknown> {
  if (error instanceof AppError) return { error: error.message };
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
      return { error: "database error", sqlstate: code };
    current = (current as { cause?: unknown }).cause;
  }
  return { error: error instanceof Error ? error.name : "error" };
}

/**
 * Runs (or resumes) the erasure of a verified erasure request to completion. Safe to call again at any time:
 * completed steps are skipped, a completed request is returned as it is.
 */
export async function runErasure(
  db: Database,
  actor: Actor,
  requestId: string,
  options: RunErasureOptions = {},
): Promise<ErasureOutcome> {
  const key = await loadSuppressionKey(db);
  const performed: ErasureStep[] = [];
  for (const step of ERASURE_STEPS) {
    try {
      await db.transaction(async (tx) => {
        const request = await lockPrivacyRequest(tx, requestId);
        if (request.kind !== "erasure")
          throw new AppError(
            "BAD_REQUEST",
            `Request ${requestId} is ${request.kind === "access" ? "an" : "a"} ${request.kind} request, not an erasure.`,
          );
        if (request.status === "completed") return;
        if (request.status !== "in_progress" || !request.verifiedAt) {
          throw new AppError(
            "PRECONDITION_FAILED",
            request.status === "rejected"
              ? "This erasure request was rejected; it cannot run."
              : "Verify the requester's identity before erasing anything.",
          );
        }
        const done = await completedSteps(tx, requestId);
        if (done.has(step)) return;
        let detail: Record<string, unknown>;
        if (step === "erase_plan") {
          const plan = await planErasure(tx, request);
          detail = { ...plan, noDataHeld: plan.profileIds.length === 0 && plan.recordIds.length === 0 };
        } else {
          const planned = done.get("erase_plan") as unknown as ErasurePlan;
          detail = await STEP_RUNNERS[step](tx, { request, plan: planned, key });
        }
        await logPrivacyStep(tx, requestId, step, "completed", detail);
        await options.beforeStepCommit?.(step);
        performed.push(step);
      });
    } catch (error) {
      // A refusal (not verified, not an erasure) is an answer, not a failed step.
      if (!(error instanceof AppError)) {
        await logPrivacyStep(db, requestId, step, "failed", failureDetail(error)).catch(() => {});
        throw new AppError(
          "CONFLICT",
          `The erasure stopped at step "${step}". The steps before it are done and this one was rolled back, so nothing is half-erased; retry it (the worker also retries pending erasures) and it resumes there.`,
          { step },
        );
      }
      throw error;
    }
  }
  const outcome = await finishErasure(db, actor, requestId, performed);
  // This process's memos of recent texts (standardizing, formatting) may hold the subject's values as typed: they
  // go now rather than when the memos fill. The real-time index lets go of the records through its change feed.
  forgetMemoizedText();
  return outcome;
}

async function finishErasure(
  db: Database,
  actor: Actor,
  requestId: string,
  performed: ErasureStep[],
): Promise<ErasureOutcome> {
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, requestId);
    const done = await completedSteps(tx, requestId);
    const plan = done.get("erase_plan") as unknown as ErasurePlan & { noDataHeld: boolean };
    const counts: Record<string, unknown> = {};
    for (const step of ERASURE_STEPS) if (step !== "erase_plan") Object.assign(counts, done.get(step) ?? {});
    if (request.status === "completed") {
      return { requestId, status: "completed", noDataHeld: Boolean(plan?.noDataHeld), performed, counts };
    }
    const gave = Object.keys(request.subject).filter((k) =>
      ["email", "phone", "name", "dob", "externalId"].includes(k),
    );
    await tx
      .update(privacyRequests)
      .set({
        status: "completed",
        completedAt: new Date(),
        // The request itself keeps no identity: which kinds were given, not their values.
        subject: { erased: true, identitiesGiven: gave },
        result: {
          noDataHeld: plan.noDataHeld,
          profileIds: plan.profileIds,
          records: plan.recordIds.length,
          ...counts,
        },
      })
      .where(eq(privacyRequests.id, requestId));
    // The tombstone: that an erasure happened, by whom, of which (now empty) profile ids. No personal data.
    await recordAudit(tx, actor, {
      action: "privacy.erasure",
      entityType: "privacy_request",
      entityId: requestId,
      details: { tombstone: true, profileIds: plan.profileIds, noDataHeld: plan.noDataHeld, ...counts },
    });
    await logPrivacyStep(tx, requestId, "complete", "completed", { by: actor.label });
    return { requestId, status: "completed", noDataHeld: plan.noDataHeld, performed, counts };
  });
}

/** Erasure requests verified but not completed (a failed or interrupted run): the worker resumes them. */
export async function listPendingErasures(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: privacyRequests.id })
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.kind, "erasure"),
        eq(privacyRequests.status, "in_progress"),
        sql`${privacyRequests.verifiedAt} is not null`,
        sql`exists (select 1 from privacy_request_log l where l.request_id = ${privacyRequests.id} and l.step = 'erase_plan')`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Resumes every pending erasure; one failing request does not stop the others. */
export async function resumePendingErasures(
  db: Database,
  actor: Actor,
): Promise<{ completed: string[]; failed: string[] }> {
  const completed: string[] = [];
  const failed: string[] = [];
  for (const id of await listPendingErasures(db)) {
    try {
      await runErasure(db, actor, id);
      completed.push(id);
    } catch {
      failed.push(id);
    }
  }
  return { completed, failed };
}
