// One import batch: start (or resume) it, commit its rows chunk by chunk, finish it. Every source of rows (file,
// portal upload, REST, stream) goes through these, so each lands the same way: whole chunks or nothing.
import type { Database } from "@c360/db/client";
import { pipelinedTransaction, queryRows, type PipelinedWork } from "@c360/db/client";
import { importBatches, type ImportRowError, type RecordPayload } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor";

/** The batch row keeps this many rejected rows with their reasons; rows_rejected keeps the full count. */
export const MAX_STORED_ERRORS = 100;
export const ERASED_SUBJECT_REASON =
  "erased subject: the record matches a suppression left by an erasure request, so it is not stored";

export type ImportOrigin = (typeof importBatches.$inferSelect)["origin"];

export interface ImportBatchRef {
  id: string;
  sourceId: string;
  /** Rows up to this number were committed by an earlier run; a resumed import skips them. */
  checkpoint: number;
  resumed: boolean;
}

/** A row ready to store: mapped, standardized, hashed. Built outside the transaction to keep it short. */
export interface PreparedRow {
  row: number;
  externalId: string;
  raw: RecordPayload;
  standardized: RecordPayload;
  contentHash: string;
  identityHashes: string[];
}

export interface PreparedChunk {
  /** The last row number this chunk covers (stored rows and rejected ones): the checkpoint once it commits. */
  lastRow: number;
  rows: PreparedRow[];
  errors: ImportRowError[];
}

export interface ChunkResult {
  /** Records inserted (version 1) or changed (a new version): these need resolving. */
  newRecordIds: string[];
  changedRecordIds: string[];
  accepted: number;
  unchanged: number;
  rejected: number;
  errors: ImportRowError[];
  /** True when another run had already committed these rows (a resumed or concurrent run of the same input). */
  alreadyCommitted: boolean;
}

export interface StartImportBatchOptions {
  sourceId: string;
  origin: ImportOrigin;
  fileName?: string | null;
  /** Identifies the input; a running batch of the same source with the same key is resumed instead of restarted. */
  inputKey?: string | null;
  actor: Actor;
}

export async function startImportBatch(
  db: Database,
  options: StartImportBatchOptions,
): Promise<ImportBatchRef> {
  const values = {
    sourceId: options.sourceId,
    origin: options.origin,
    fileName: options.fileName ?? null,
    inputKey: options.inputKey ?? null,
    actor: options.actor.label,
    actorUserId: options.actor.userId,
  };
  if (!options.inputKey) {
    const [created] = await db.insert(importBatches).values(values).returning({ id: importBatches.id });
    return { id: created!.id, sourceId: options.sourceId, checkpoint: 0, resumed: false };
  }
  // The running batch of the same input, or a new one: one round trip (a REST post pays it on every request).
  const [batch] = await queryRows<{ id: string; checkpoint: number; resumed: boolean }>(
    db,
    sql`with running as (
          select id, checkpoint from import_batches
          where source_id = ${values.sourceId}::uuid and input_key = ${values.inputKey} and status = 'running'
          order by started_at desc limit 1),
        created as (
          insert into import_batches (source_id, origin, file_name, input_key, actor, actor_user_id)
          select ${values.sourceId}::uuid, ${values.origin}::import_origin, ${values.fileName}::text, ${values.inputKey}::text,
            ${values.actor}::text, ${values.actorUserId}::uuid
          where not exists (select 1 from running)
          returning id, checkpoint)
        select id, checkpoint, true as resumed from running
        union all
        select id, checkpoint, false as resumed from created`,
  );
  return {
    id: batch!.id,
    sourceId: options.sourceId,
    checkpoint: Number(batch!.checkpoint),
    resumed: batch!.resumed,
  };
}

interface UpsertedRow extends Record<string, unknown> {
  record_id: string;
  version: number;
}

/**
 * Rows of one chunk in rounds: the first occurrence of every id, then the second, and so on. A source may send
 * one id twice in a file (an update); each round is one statement, so the second occurrence becomes version 2
 * exactly as if the rows had come one after the other.
 */
function splitIntoRounds(rows: PreparedRow[]): PreparedRow[][] {
  const rounds: PreparedRow[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const round = seen.get(row.externalId) ?? 0;
    seen.set(row.externalId, round + 1);
    (rounds[round] ??= []).push(row);
  }
  // Sorted by id so concurrent imports lock overlapping rows in one order and cannot deadlock.
  for (const round of rounds)
    round.sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  return rounds;
}

/**
 * Stores one chunk in one transaction: upserts by (source, external id) and content hash, writes a version for
 * every new or changed record, and moves the batch's counts, errors and checkpoint forward in the same
 * transaction, so a crash leaves either the whole chunk with its checkpoint or neither.
 */
export async function importChunk(
  db: Database,
  batch: ImportBatchRef,
  chunk: PreparedChunk,
  beforeCommit?: () => void | Promise<void>,
): Promise<ChunkResult> {
  // The batch row lock serialises runs of the same batch: a second run waits, then sees the new checkpoint. The
  // identity hashes an erasure suppressed come back with it (rows a resumed run already committed are checked too,
  // and then skipped). Sent with BEGIN; the batch's counts and checkpoint go with COMMIT (pipelinedTransaction).
  const hashes = [...new Set(chunk.rows.flatMap((r) => r.identityHashes))];
  const lockBatch = sql`select checkpoint, jsonb_array_length(errors)::int as error_count,
        (select array_agg(identity_hash) from suppressions
          where identity_hash in (select jsonb_array_elements_text(${JSON.stringify(hashes)}::jsonb))) as suppressed
      from import_batches where id = ${batch.id} for update`;
  return pipelinedTransaction(
    db,
    [lockBatch],
    async (tx, [stateRows]): Promise<PipelinedWork<ChunkResult>> => {
      const [state] = stateRows as { checkpoint: number; error_count: number; suppressed: string[] | null }[];
      if (!state) throw new Error(`Import batch ${batch.id} no longer exists.`);
      const empty: ChunkResult = {
        newRecordIds: [],
        changedRecordIds: [],
        accepted: 0,
        unchanged: 0,
        rejected: 0,
        errors: [],
        alreadyCommitted: true,
      };
      if (chunk.lastRow <= state.checkpoint) return { result: empty };
      const rows = chunk.rows.filter((r) => r.row > state.checkpoint);
      const errors = chunk.errors.filter((e) => e.row > state.checkpoint);

      const suppressed = new Set(state.suppressed ?? []);
      const stored: PreparedRow[] = [];
      for (const row of rows) {
        if (row.identityHashes.some((hash) => suppressed.has(hash)))
          errors.push({ row: row.row, reason: ERASED_SUBJECT_REASON });
        else stored.push(row);
      }
      errors.sort((a, b) => a.row - b.row);

      const newRecordIds = new Set<string>();
      const changedRecordIds = new Set<string>();
      let written = 0;
      for (const round of splitIntoRounds(stored)) {
        const versions = await upsertRound(tx, batch, round);
        written += versions.length;
        for (const v of versions) (v.version === 1 ? newRecordIds : changedRecordIds).add(v.record_id);
      }
      const unchanged = stored.length - written;
      await beforeCommit?.();
      const keptErrors = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - state.error_count));
      const countAndCheckpoint = sql`update import_batches set
        rows_total = rows_total + ${rows.length + errors.length - (rows.length - stored.length)},
        rows_accepted = rows_accepted + ${written},
        rows_unchanged = rows_unchanged + ${unchanged},
        rows_rejected = rows_rejected + ${errors.length},
        checkpoint = ${chunk.lastRow},
        errors = errors || ${JSON.stringify(keptErrors)}::jsonb
      where id = ${batch.id}`;
      for (const id of newRecordIds) changedRecordIds.delete(id);
      return {
        result: {
          newRecordIds: [...newRecordIds],
          changedRecordIds: [...changedRecordIds],
          accepted: written,
          unchanged,
          rejected: errors.length,
          errors,
          alreadyCommitted: false,
        },
        closing: [countAndCheckpoint],
      };
    },
  );
}

/**
 * One statement per round: insert new records, update changed ones (the WHERE on the hash leaves unchanged rows
 * untouched but still locked by ON CONFLICT, so a concurrent import waits instead of racing), and write a
 * version row for each insert or change. Returns the versions written.
 */
async function upsertRound(
  db: Database,
  batch: ImportBatchRef,
  round: PreparedRow[],
): Promise<UpsertedRow[]> {
  const payload = JSON.stringify(
    round.map((r) => ({
      external_id: r.externalId,
      content_hash: r.contentHash,
      raw: r.raw,
      standardized: r.standardized,
    })),
  );
  return queryRows<UpsertedRow>(
    db,
    sql`with input as (
          select * from jsonb_to_recordset(${payload}::jsonb) as x(external_id text, content_hash text, raw jsonb, standardized jsonb)
        ), upserted as (
          insert into source_records as r (source_id, external_id, content_hash, raw, standardized)
          select ${batch.sourceId}::uuid, external_id, content_hash, raw, standardized from input order by external_id
          on conflict (source_id, external_id) do update
            set content_hash = excluded.content_hash, raw = excluded.raw, standardized = excluded.standardized,
                current_version = r.current_version + 1, updated_at = now()
            where r.content_hash is distinct from excluded.content_hash
          returning r.id, r.current_version, r.content_hash, r.raw, r.standardized
        )
        insert into source_record_versions (record_id, version, content_hash, raw, standardized, import_batch_id)
        select id, current_version, content_hash, raw, standardized, ${batch.id}::uuid from upserted
        returning record_id, version`,
  );
}

export interface BatchSummary {
  batchId: string;
  sourceId: string;
  status: "running" | "completed" | "failed";
  resumed: boolean;
  rowsTotal: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  /** The first rejected rows (up to MAX_STORED_ERRORS), by row number. */
  errors: ImportRowError[];
}

export async function getBatchSummary(db: Database, batchId: string, resumed = false): Promise<BatchSummary> {
  const [row] = await db.select().from(importBatches).where(eq(importBatches.id, batchId)).limit(1);
  if (!row) throw new Error(`Import batch ${batchId} does not exist.`);
  return summaryOf(row, resumed);
}

function summaryOf(
  row: Pick<
    typeof importBatches.$inferSelect,
    "id" | "sourceId" | "status" | "rowsTotal" | "rowsAccepted" | "rowsUnchanged" | "rowsRejected" | "errors"
  >,
  resumed: boolean,
): BatchSummary {
  return {
    batchId: row.id,
    sourceId: row.sourceId,
    status: row.status,
    resumed,
    rowsTotal: row.rowsTotal,
    accepted: row.rowsAccepted,
    unchanged: row.rowsUnchanged,
    rejected: row.rowsRejected,
    errors: [...row.errors].sort((a, b) => a.row - b.row),
  };
}

/** Marks the batch completed and leaves its one audit entry: counts only, no personal data. */
export async function finishImportBatch(
  db: Database,
  actor: Actor,
  batch: ImportBatchRef,
  sourceName: string,
): Promise<BatchSummary> {
  // One statement, so one round trip and no transaction around it: the batch is completed and audited together
  // (counts only, no personal data). A batch another run already completed is read as it is, and not audited again.
  const [row] = await queryRows<{
    id: string;
    sourceId: string;
    status: BatchSummary["status"];
    rowsTotal: number;
    rowsAccepted: number;
    rowsUnchanged: number;
    rowsRejected: number;
    errors: ImportRowError[];
  }>(
    db,
    sql`with completed as (
          update import_batches set status = 'completed', finished_at = greatest(now(), started_at)
          where id = ${batch.id} and status = 'running'
          returning id, source_id, status, rows_total, rows_accepted, rows_unchanged, rows_rejected, errors),
        audited as (
          insert into audit_log (actor_user_id, actor_label, action, entity_type, entity_id, details)
          select ${actor.userId}::uuid, ${actor.label}::text, 'import.batch', 'import_batch', c.id::text,
            jsonb_build_object('source', ${sourceName}::text, 'resumed', ${batch.resumed}::boolean,
              'rowsTotal', c.rows_total, 'accepted', c.rows_accepted, 'unchanged', c.rows_unchanged,
              'rejected', c.rows_rejected)
          from completed c)
        select id, source_id as "sourceId", status, rows_total as "rowsTotal", rows_accepted as "rowsAccepted",
          rows_unchanged as "rowsUnchanged", rows_rejected as "rowsRejected", errors
        from completed`,
  );
  return row ? summaryOf(row, batch.resumed) : getBatchSummary(db, batch.id, batch.resumed);
}
