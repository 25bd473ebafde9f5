// Standardization on worker threads (the costliest stage of a large batch): the main thread takes one share and
// each worker another, then the main thread merges the chunks into one store in input order.
import { cpus } from "node:os";
import type { InputRecord } from "../fields";
import { startTypeScriptWorker } from "./typescript-worker";
import { standardizeRecord, type StandardizeOptions } from "../standardize/record";
import { RecordStore } from "../store";
import { columnarChunk, type ColumnarChunk } from "./columnar";

/** Below this many records a worker costs more to start than it saves. */
const MIN_RECORDS_PER_WORKER = 50_000;

function runWorker(records: InputRecord[], options: StandardizeOptions): Promise<ColumnarChunk> {
  return new Promise((resolve, reject) => {
    const worker = startTypeScriptWorker(new URL("./standardize-worker.ts", import.meta.url));
    worker.once("message", (chunk: ColumnarChunk) => {
      resolve(chunk);
      void worker.terminate();
    });
    worker.once("error", reject);
    // Only the standardization settings: the caller's options may hold callbacks, which cannot cross threads.
    worker.postMessage({
      records,
      options: { defaultPhoneRegion: options.defaultPhoneRegion, dateOrder: options.dateOrder },
    });
  });
}

export async function standardizeInParallel(
  records: readonly InputRecord[],
  options: StandardizeOptions = {},
  threads = cpus().length,
  minRecordsPerThread = MIN_RECORDS_PER_WORKER,
): Promise<RecordStore> {
  const shares = Math.max(1, Math.min(threads, Math.floor(records.length / minRecordsPerThread)));
  const size = Math.ceil(records.length / shares);
  const slices = Array.from({ length: shares }, (_, i) => records.slice(i * size, (i + 1) * size));
  const workerChunks = slices.slice(1).map((slice) => runWorker(slice, options));
  const own = columnarChunk(slices[0]!.map((record) => standardizeRecord(record, options)));
  const store = new RecordStore();
  store.appendColumnar(own);
  for (const chunk of await Promise.all(workerChunks)) store.appendColumnar(chunk);
  return store;
}
