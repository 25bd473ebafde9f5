// Records posted over HTTP (REST with a source token, or a portal upload): size limits, content types, and the
// resume key of a request, in front of the same import pipeline as files.
import { createHash } from "node:crypto";
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import type { PublicSource } from "../sources/manage-sources";
import {
  importRecords,
  inputKeyOf,
  type ImportProgress,
  type ImportSummary,
  type ResolveRecords,
} from "./import-records";
import { readRows, type RowFormat } from "./read-rows";

/** REST bodies are read whole before anything is stored, so a too-large body is refused with nothing written. */
export const MAX_POSTED_BYTES = 10 * 1024 * 1024;
/** Portal uploads stream; larger files belong to `c360 import`. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** The body is over the limit: HTTP answers 413. */
export class PayloadTooLargeError extends AppError {
  constructor(public readonly limitBytes: number) {
    super(
      "BAD_REQUEST",
      `The body is larger than ${Math.round(limitBytes / 1024 / 1024)} MB; send the records in several requests, or import the file with \`c360 import\`.`,
      { limitBytes },
    );
  }
}

/** JSON (an array or JSON lines) for application/json and application/x-ndjson; CSV for text/csv. */
export function formatOfContentType(contentType: string | null): RowFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (
    type === "application/json" ||
    type === "application/x-ndjson" ||
    type === "application/jsonl" ||
    type === "application/ndjson"
  )
    return "json";
  if (type === "text/csv") return "csv";
  throw new AppError(
    "BAD_REQUEST",
    `Content-Type ${type || "(none)"} is not accepted; send application/json (an array of records), application/x-ndjson (one record per line) or text/csv.`,
  );
}

/** Reads a request body up to the limit; a declared or actual size over it is refused before it is all read. */
export async function readBodyWithin(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null,
  maxBytes: number,
  declaredLength?: number | null,
): Promise<Buffer> {
  if (declaredLength && declaredLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  if (body) {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
      chunks.push(Buffer.from(chunk));
    }
  }
  if (size === 0)
    throw new AppError(
      "BAD_REQUEST",
      "The body is empty; send a JSON array of records or one JSON record per line.",
    );
  return Buffer.concat(chunks);
}

export interface ImportPostedRecordsOptions {
  source: Pick<PublicSource, "id" | "name" | "fieldMapping">;
  body: Buffer;
  contentType: string | null;
  actor: Actor;
  /** A retried request with the same key (or, without one, the same body) resumes rather than starts over. */
  idempotencyKey?: string | null;
  /** null switches resolution off; a function replaces the real-time resolver (the benchmark times it). */
  resolve?: ResolveRecords | null;
}

export async function importPostedRecords(
  db: Database,
  options: ImportPostedRecordsOptions,
): Promise<ImportSummary> {
  const format = formatOfContentType(options.contentType);
  const key = options.idempotencyKey?.trim() || createHash("sha256").update(options.body).digest("hex");
  return importRecords(db, {
    source: options.source,
    rows: readRows([options.body], format),
    origin: "api",
    actor: options.actor,
    inputKey: inputKeyOf(key),
    ...(options.resolve !== undefined ? { resolve: options.resolve } : {}),
  });
}

export interface ImportUploadOptions {
  source: Pick<PublicSource, "id" | "name" | "fieldMapping">;
  body: AsyncIterable<Uint8Array>;
  fileName: string;
  actor: Actor;
  onProgress?: (progress: ImportProgress & { bytesRead: number }) => void | Promise<void>;
}

/** A file uploaded through the portal, streamed into the pipeline as it arrives, with byte and row progress. */
export async function importUploadedFile(db: Database, options: ImportUploadOptions): Promise<ImportSummary> {
  let bytesRead = 0;
  const counted = async function* () {
    for await (const chunk of options.body) {
      bytesRead += chunk.byteLength;
      if (bytesRead > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError(MAX_UPLOAD_BYTES);
      yield chunk;
    }
  };
  const format: RowFormat = /\.(json|jsonl|ndjson)$/i.test(options.fileName) ? "json" : "csv";
  return importRecords(db, {
    source: options.source,
    rows: readRows(counted(), format),
    origin: "portal",
    actor: options.actor,
    fileName: options.fileName,
    onProgress: (progress) => options.onProgress?.({ ...progress, bytesRead }),
  });
}
