// Records arriving on a stream (one JSON record per message): each delivered chunk is stored in one transaction
// per source, into one long-lived batch per source, and only then acknowledged. Redeliveries are harmless: an
// unchanged record is recognised by its content hash.
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { attachUnattributedEvents } from "../events/attach-unattributed-events";
import { loadSuppressionKey } from "../privacy/suppression-key";
import { getSourceByName, type PublicSource } from "../sources/manage-sources";
import {
  finishImportBatch,
  importChunk,
  startImportBatch,
  type BatchSummary,
  type ChunkResult,
  type ImportBatchRef,
  type PreparedChunk,
} from "./import-batch";
import { defaultResolver, prepareRow, type ResolveRecords } from "./import-records";
import { createRowMapper } from "./map-row";
import type { ReadItem } from "./read-rows";
import { readJsonRows } from "./read-rows";

export interface StreamImporterOptions {
  actor: Actor;
  /** null switches resolution off; default: resolveOnArrival. */
  resolve?: ResolveRecords | null;
  /** A source's batch is completed (and audited) after this many rows, and a new one started. */
  rowsPerBatch?: number;
}

interface OpenBatch {
  source: PublicSource;
  batch: ImportBatchRef;
  nextRow: number;
}

export type StreamChunkResult = { outcome: "stored"; result: ChunkResult } | { outcome: "unknown_source" };

export interface StreamImporter {
  /** Stores the payloads of one source's messages; resolves once they are committed (then they may be acked). */
  importMessages: (sourceName: string, payloads: Uint8Array[]) => Promise<StreamChunkResult>;
  /** Completes every open batch (one audit entry each). */
  close: () => Promise<BatchSummary[]>;
}

async function* itemsOf(payload: Uint8Array): AsyncGenerator<ReadItem> {
  yield* readJsonRows([payload]);
}

export function createStreamImporter(db: Database, options: StreamImporterOptions): StreamImporter {
  const resolve = options.resolve === undefined ? defaultResolver(db, options.actor) : options.resolve;
  const rowsPerBatch = options.rowsPerBatch ?? 50_000;
  const open = new Map<string, OpenBatch>();

  const batchFor = async (sourceName: string): Promise<OpenBatch | null> => {
    const current = open.get(sourceName);
    if (current) return current;
    const source = await getSourceByName(db, sourceName);
    if (!source) return null;
    const batch = await startImportBatch(db, { sourceId: source.id, origin: "stream", actor: options.actor });
    const created = { source, batch, nextRow: batch.checkpoint + 1 };
    open.set(sourceName, created);
    return created;
  };

  return {
    async importMessages(sourceName, payloads) {
      const state = await batchFor(sourceName);
      if (!state) return { outcome: "unknown_source" };
      const mapper = createRowMapper(state.source.fieldMapping);
      const suppressionKey = await loadSuppressionKey(db);
      const context = { sourceId: state.source.id, sourceName: state.source.name, mapper, suppressionKey };
      // Row numbers count messages within the batch (not stream sequences), so a redelivered message is a new
      // row of the batch and never mistaken for one already committed.
      const chunk: PreparedChunk = { lastRow: state.nextRow - 1, rows: [], errors: [] };
      for (const payload of payloads) {
        const row = state.nextRow++;
        chunk.lastRow = row;
        let items = 0;
        for await (const item of itemsOf(payload)) {
          if (item.kind === "columns") continue;
          items++;
          if (items > 1) {
            chunk.errors.push({ row, reason: "a message holds one record; this one held several" });
            break;
          }
          if (item.kind === "error") chunk.errors.push({ row, reason: item.reason });
          else {
            const prepared = prepareRow(item.values, row, context);
            if ("externalId" in prepared) chunk.rows.push(prepared);
            else chunk.errors.push(prepared);
          }
        }
        if (items === 0) chunk.errors.push({ row, reason: "the message is empty" });
      }
      const result = await importChunk(db, state.batch, chunk);
      const toResolve = [...result.newRecordIds, ...result.changedRecordIds];
      if (resolve && toResolve.length > 0) await resolve(toResolve);
      if (toResolve.length > 0) await attachUnattributedEvents(db, { recordIds: toResolve });
      if (state.nextRow > rowsPerBatch) {
        open.delete(sourceName);
        await finishImportBatch(db, options.actor, state.batch, state.source.name);
      }
      return { outcome: "stored", result };
    },
    async close() {
      const summaries: BatchSummary[] = [];
      for (const [name, state] of open) {
        open.delete(name);
        summaries.push(await finishImportBatch(db, options.actor, state.batch, state.source.name));
      }
      return summaries;
    },
  };
}
