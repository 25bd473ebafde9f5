// The import pipeline shared by the CLI, the portal, REST and the stream: read rows, map and standardize them,
// store them chunk by chunk (each chunk one transaction with its checkpoint), then resolve what changed.
import { createHash } from "node:crypto";
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { awaitingDecision, type ImportRowError, type RecordPayload } from "@c360/db/schema";
import { standardizeRecord, type StandardizeOptions } from "@c360/matching/standardize/record";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { attachUnattributedEvents } from "../events/attach-unattributed-events";
import { resolveOnArrival, settleRealtimeResolution } from "../resolution/resolve-on-arrival";
import type { PublicSource } from "../sources/manage-sources";
import { canonicalJson, contentHashOf } from "./content-hash";
import { loadSuppressionKey } from "../privacy/suppression-key";
import { computeIdentityHashes, type SuppressionKey } from "./identity-hash";
import {
  finishImportBatch,
  importChunk,
  startImportBatch,
  type BatchSummary,
  type ImportBatchRef,
  type ImportOrigin,
  type PreparedChunk,
  type PreparedRow,
} from "./import-batch";
import { columnsMissingFromHeader, createRowMapper, mapRow, type RowMapper } from "./map-row";
import { checkCells, ImportInputError, type ReadItem } from "./read-rows";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";

export const DEFAULT_CHUNK_SIZE = 1000;

/** Resolves newly stored or changed records; the default is the real-time resolver. */
export type ResolveRecords = (recordIds: string[]) => Promise<unknown>;

export interface ImportProgress {
  batchId: string;
  /** The last row number committed. */
  checkpoint: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

export interface ImportRecordsOptions {
  source: Pick<PublicSource, "id" | "name" | "fieldMapping">;
  rows: AsyncIterable<ReadItem>;
  origin: ImportOrigin;
  actor: Actor;
  fileName?: string | null;
  /** Identifies the input so a restarted import resumes (see inputKeyOf); without it every run is a new batch. */
  inputKey?: string | null;
  /** Column -> field for this import only, over the source's own mapping (`--map`). */
  mapping?: Record<string, string>;
  chunkSize?: number;
  standardize?: StandardizeOptions;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** null switches resolution off (benchmarks, tests); default: resolveOnArrival. */
  resolve?: ResolveRecords | null;
  /** Called inside each chunk's transaction before it commits; tests use it to crash mid-import. */
  beforeChunkCommit?: (chunkNumber: number) => void | Promise<void>;
}

export type ImportSummary = BatchSummary;

/** The key of an input for resuming: its content hash plus the mapping overrides it was read with. */
export function inputKeyOf(contentSha256: string, mapping: Record<string, string> = {}): string {
  return createHash("sha256")
    .update(`${contentSha256}\u0000${canonicalJson(mapping)}`)
    .digest("hex");
}

/** The real-time resolver: new and changed records are resolved as soon as their chunk commits. */
export function defaultResolver(db: Database, actor: Actor): ResolveRecords {
  return (recordIds) => resolveOnArrival(db, recordIds, actor);
}

export function prepareRow(
  values: RecordPayload,
  row: number,
  context: {
    sourceId: string;
    sourceName: string;
    mapper: RowMapper;
    standardize?: StandardizeOptions;
    suppressionKey: SuppressionKey;
  },
): PreparedRow | ImportRowError {
  const cellProblem = checkCells(values);
  if (cellProblem) return { row, reason: cellProblem };
  const mapped = mapRow(values, context.mapper, context.sourceName);
  if (!mapped.ok) return { row, reason: mapped.reason };
  let standard;
  try {
    standard = standardizeRecord(mapped.input, context.standardize);
  } catch (error) {
    return {
      row,
      reason: `could not be standardized: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return {
    row,
    externalId: mapped.externalId,
    raw: values,
    standardized: standard as unknown as RecordPayload,
    contentHash: contentHashOf(values),
    identityHashes: computeIdentityHashes(
      {
        sourceId: context.sourceId,
        externalId: mapped.externalId,
        standard,
      },
      context.suppressionKey,
    ).map((h) => h.hash),
  };
}

/** Checks a CSV header before anything is stored: mapped columns must exist and one column must give the id. */
function checkHeader(columns: string[], mapper: RowMapper, overrides: Record<string, string>): void {
  const missing = columnsMissingFromHeader(columns, overrides);
  if (missing.length > 0) {
    throw new ImportInputError(
      `The mapping names column "${missing[0]}", which the header does not have (columns: ${columns.join(", ")}).`,
    );
  }
  if (!columns.some((column) => mapper.fieldOf(column) === "record_id")) {
    throw new ImportInputError(
      `No record id column: name one "record_id" or map one with column=record_id (columns: ${columns.join(", ")}).`,
    );
  }
}

/**
 * Records of this batch that were stored but never resolved (a crash between commit and resolution): new ones
 * without a profile, and changed ones whose new version was not decided.
 */
async function unresolvedRecordsOfBatch(db: Database, batchId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from source_records
        where id in (select record_id from source_record_versions where import_batch_id = ${batchId}::uuid)
          and ${awaitingDecision}`,
  );
  return rows.map((r) => r.id);
}

export async function importRecords(db: Database, options: ImportRecordsOptions): Promise<ImportSummary> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const overrides = options.mapping ?? {};
  const mapper = createRowMapper(options.source.fieldMapping, overrides);
  const resolve = options.resolve === undefined ? defaultResolver(db, options.actor) : options.resolve;
  const iterator = options.rows[Symbol.asyncIterator]();

  // The first item decides whether the input is usable at all, before a batch exists.
  let first = await iterator.next();
  if (!first.done && first.value.kind === "columns") {
    checkHeader(first.value.columns, mapper, overrides);
    first = await iterator.next();
  }

  const batch: ImportBatchRef = await startImportBatch(db, {
    sourceId: options.source.id,
    origin: options.origin,
    fileName: options.fileName ?? null,
    inputKey: options.inputKey ?? null,
    actor: options.actor,
  });
  if (batch.resumed && resolve) {
    const pending = await unresolvedRecordsOfBatch(db, batch.id);
    if (pending.length > 0) await resolve(pending);
  }

  const context = {
    sourceId: options.source.id,
    sourceName: options.source.name,
    mapper,
    standardize: options.standardize,
    suppressionKey: await loadSuppressionKey(db),
  };
  const progress: ImportProgress = {
    batchId: batch.id,
    checkpoint: batch.checkpoint,
    accepted: 0,
    unchanged: 0,
    rejected: 0,
  };
  let chunk: PreparedChunk = { lastRow: batch.checkpoint, rows: [], errors: [] };
  let chunkNumber = 0;

  // One chunk is committing while the next is read and prepared: on PostgreSQL the two run in parallel. Commits
  // stay strictly in order (each waits for the one before), so checkpoints only ever move forward.
  let inFlight: Promise<void> = Promise.resolve();
  const commitChunk = async (ready: PreparedChunk, number: number) => {
    const result = await importChunk(
      db,
      batch,
      ready,
      options.beforeChunkCommit ? () => options.beforeChunkCommit!(number) : undefined,
    );
    progress.checkpoint = Math.max(progress.checkpoint, ready.lastRow);
    progress.accepted += result.accepted;
    progress.unchanged += result.unchanged;
    progress.rejected += result.rejected;
    // Progress first: the rows are committed now, whatever resolution then takes.
    await options.onProgress?.({ ...progress });
    const toResolve = [...result.newRecordIds, ...result.changedRecordIds];
    if (resolve && toResolve.length > 0) await resolve(toResolve);
    // Events that waited for these people (decision 0901) are attached now that their records exist.
    if (toResolve.length > 0) await attachUnattributedEvents(db, { recordIds: toResolve });
  };
  const commit = async () => {
    if (chunk.rows.length === 0 && chunk.errors.length === 0) return;
    const ready = chunk;
    const number = ++chunkNumber;
    chunk = { lastRow: ready.lastRow, rows: [], errors: [] };
    await inFlight;
    inFlight = commitChunk(ready, number);
    // A failed commit must not go unobserved while the next chunk is prepared; it is rethrown at the next await.
    inFlight.catch(() => {});
  };

  try {
    for (let item = first; !item.done; item = await iterator.next()) {
      const read = item.value;
      if (read.kind === "columns") continue;
      // Rows committed by an earlier run of this input: read past them without the cost of preparing them.
      if (read.row <= batch.checkpoint) continue;
      chunk.lastRow = Math.max(chunk.lastRow, read.row);
      if (read.kind === "error") chunk.errors.push({ row: read.row, reason: read.reason });
      else {
        const prepared = prepareRow(read.values, read.row, context);
        if ("externalId" in prepared) chunk.rows.push(prepared);
        else chunk.errors.push(prepared);
      }
      if (chunk.rows.length + chunk.errors.length >= chunkSize) await commit();
    }
    await commit();
    await inFlight;
  } finally {
    // Closes the file or stream behind the rows when the import stops early.
    await iterator.return?.(undefined);
  }
  // A file or an upload ends with its profiles finished, golden values included; the REST endpoint and the stream
  // answer with the decisions, and golden values follow in moments (golden-refresh-queue.ts).
  if (resolve && (options.origin === "file" || options.origin === "portal"))
    await settleRealtimeResolution(db);
  const summary = await finishImportBatch(db, options.actor, batch, options.source.name);
  // A file can bring columns the catalog has not seen: register them with the import, not on a page view.
  await syncCatalogFromPlatform(db, options.actor);
  return summary;
}
