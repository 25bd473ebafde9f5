// Event files (JSON lines, a JSON array, or CSV through a column map) imported chunk by chunk, each chunk one
// ingestEvents transaction that moves its batch's counts and checkpoint too: an interrupted import resumes after the
// last committed chunk, and message ids make any overlap harmless (decision 0901, like records in decision 0005).
import type { Database } from "@c360/db/client";
import type { ImportRowError } from "@c360/db/schema";
import type { Actor } from "../actor";
import {
  finishImportBatch,
  startImportBatch,
  type BatchSummary,
  type ImportOrigin,
} from "../ingest/import-batch";
import { ImportInputError, type ReadItem } from "../ingest/read-rows";
import { getEventSettings, isEventColumnField, type EventSettings } from "./event-settings";
import { ingestEvents, prepareEventMessages, type EventSource, type PreparedEvents } from "./ingest-events";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";

// Measured (decision 0901, Figures): 5,000 a transaction costs a fifth less CPU per event than 2,000 on PGlite.
export const DEFAULT_EVENT_CHUNK_SIZE = 5000;

export interface EventImportProgress {
  batchId: string;
  checkpoint: number;
  accepted: number;
  duplicate: number;
  rejected: number;
}

export interface ImportEventFileOptions {
  source: EventSource;
  rows: AsyncIterable<ReadItem>;
  actor: Actor;
  origin: ImportOrigin;
  fileName?: string | null;
  /** Identifies the input so a restarted import resumes its batch (inputKeyOf of the file's hash and --map). */
  inputKey?: string | null;
  /** CSV column -> message field for this import, over the source's own column map. */
  columnMap?: Record<string, string>;
  /** The event name of CSV rows that name none (a file of orders: "Order Completed"). */
  defaultEvent?: string;
  chunkSize?: number;
  onProgress?: (progress: EventImportProgress) => void | Promise<void>;
  /** Called inside each chunk's transaction before it commits; tests use it to crash mid-import. */
  beforeChunkCommit?: (chunkNumber: number) => void | Promise<void>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== "object") node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/**
 * A CSV row as a message: mapped columns go to their field, columns named like a message field go there, the rest
 * become properties. Empty cells are left out; a file without a type column holds track events.
 */
export function messageOfCsvRow(
  values: Record<string, unknown>,
  columnMap: Record<string, string>,
  defaultEvent?: string,
): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === "") continue;
    const field = columnMap[column] ?? (isEventColumnField(column) ? column : `properties.${column}`);
    setPath(message, field, value);
  }
  message.type ??= "track";
  if (message.type === "track" && defaultEvent) message.event ??= defaultEvent;
  return message;
}

export async function importEventFile(db: Database, options: ImportEventFileOptions): Promise<BatchSummary> {
  const chunkSize = options.chunkSize ?? DEFAULT_EVENT_CHUNK_SIZE;
  const settings: EventSettings = await getEventSettings(db, options.source.id);
  const columnMap = { ...settings.columnMap, ...(options.columnMap ?? {}) };
  const iterator = options.rows[Symbol.asyncIterator]();
  let first = await iterator.next();
  let csv = false;
  if (!first.done && first.value.kind === "columns") {
    csv = true;
    const columns = first.value.columns;
    const missing = Object.keys(options.columnMap ?? {}).filter((c) => !columns.includes(c));
    if (missing.length)
      throw new ImportInputError(
        `The column map names column "${missing[0]}", which the header does not have (columns: ${columns.join(", ")}).`,
      );
    for (const [column, field] of Object.entries(columnMap))
      if (!isEventColumnField(field))
        throw new ImportInputError(`--map ${column}=${field}: "${field}" is not a message field.`);
    first = await iterator.next();
  }
  const batch = await startImportBatch(db, {
    sourceId: options.source.id,
    origin: options.origin,
    fileName: options.fileName ?? null,
    inputKey: options.inputKey ?? null,
    actor: options.actor,
  });
  const progress: EventImportProgress = {
    batchId: batch.id,
    checkpoint: batch.checkpoint,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
  };
  interface Chunk {
    lastRow: number;
    messages: unknown[];
    rowNumbers: number[];
    readErrors: ImportRowError[];
  }
  let chunk: Chunk = { lastRow: batch.checkpoint, messages: [], rowNumbers: [], readErrors: [] };
  let chunkNumber = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const commitChunk = async (ready: Chunk, number: number, prepared: PreparedEvents) => {
    const result = await ingestEvents(db, options.source, ready.messages, options.actor, {
      settings,
      prepared,
      batch: {
        batchId: batch.id,
        lastRow: ready.lastRow,
        rowNumbers: ready.rowNumbers,
        readErrors: ready.readErrors,
      },
      beforeCommit: options.beforeChunkCommit ? () => options.beforeChunkCommit!(number) : undefined,
    });
    progress.checkpoint = Math.max(progress.checkpoint, ready.lastRow);
    progress.accepted += result.accepted;
    progress.duplicate += result.duplicate;
    progress.rejected += result.rejected + ready.readErrors.length;
    await options.onProgress?.({ ...progress });
  };
  const commit = async () => {
    if (chunk.messages.length === 0 && chunk.readErrors.length === 0) return;
    const ready = chunk;
    chunk = { lastRow: ready.lastRow, messages: [], rowNumbers: [], readErrors: [] };
    // Parsed while the database stores the chunk before: node and the database work at the same time.
    const prepared = await prepareEventMessages(db, options.source, ready.messages, { settings });
    await inFlight;
    inFlight = commitChunk(ready, ++chunkNumber, prepared);
    inFlight.catch(() => {});
  };
  try {
    for (let item = first; !item.done; item = await iterator.next()) {
      const read = item.value;
      if (read.kind === "columns" || read.row <= batch.checkpoint) continue;
      chunk.lastRow = Math.max(chunk.lastRow, read.row);
      if (read.kind === "error") chunk.readErrors.push({ row: read.row, reason: read.reason });
      else {
        chunk.messages.push(
          csv ? messageOfCsvRow(read.values, columnMap, options.defaultEvent) : read.values,
        );
        chunk.rowNumbers.push(read.row);
      }
      if (chunk.messages.length + chunk.readErrors.length >= chunkSize) await commit();
    }
    await commit();
    await inFlight;
  } finally {
    await iterator.return?.(undefined);
  }
  const summary = await finishImportBatch(db, options.actor, batch, options.source.name);
  // A file can bring event names and properties the catalog has not seen: register them with the import, not on a page view.
  await syncCatalogFromPlatform(db, options.actor);
  return summary;
}
