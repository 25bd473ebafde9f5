// The portal's upload of an events file: the request body streams through the same reader and the same chunked,
// resumable import as `c360 events import` (importEventFile), with the bytes counted against the upload limit.
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { PayloadTooLargeError, MAX_UPLOAD_BYTES } from "../ingest/import-posted-records";
import { readRows, type RowFormat } from "../ingest/read-rows";
import { importEventFile, type EventImportProgress } from "./import-event-file";
import type { EventSource } from "./ingest-events";

export interface UploadedEventsSummary {
  batchId: string;
  rowsTotal: number;
  accepted: number;
  /** Messages stored before (same messageId): a re-upload stores nothing twice. */
  duplicate: number;
  rejected: number;
  errors: { row: number; reason: string }[];
}

export interface ImportUploadedEventsOptions {
  source: EventSource;
  body: AsyncIterable<Uint8Array>;
  fileName: string;
  actor: Actor;
  onProgress?: (progress: EventImportProgress & { bytesRead: number }) => void;
}

/** JSON lines (.jsonl, .ndjson, .json: one message a line, or an array) or CSV (anything else), by the file's name. */
export function eventFileFormatOf(fileName: string): RowFormat {
  return /\.(json|jsonl|ndjson)$/i.test(fileName) ? "json" : "csv";
}

export async function importUploadedEvents(
  db: Database,
  options: ImportUploadedEventsOptions,
): Promise<UploadedEventsSummary> {
  let bytesRead = 0;
  const counted = async function* () {
    for await (const chunk of options.body) {
      bytesRead += chunk.byteLength;
      if (bytesRead > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError(MAX_UPLOAD_BYTES);
      yield chunk;
    }
  };
  const summary = await importEventFile(db, {
    source: options.source,
    rows: readRows(counted(), eventFileFormatOf(options.fileName)),
    actor: options.actor,
    origin: "portal",
    fileName: options.fileName,
    onProgress: (progress) => options.onProgress?.({ ...progress, bytesRead }),
  });
  return {
    batchId: summary.batchId,
    rowsTotal: summary.rowsTotal,
    accepted: summary.accepted,
    duplicate: summary.unchanged,
    rejected: summary.rejected,
    errors: summary.errors,
  };
}
