// Worker thread: standardizes a chunk of raw records and returns them interned per field (columnar), so the main
// thread merges dictionaries of distinct values instead of receiving a million record objects.
import { parentPort } from "node:worker_threads";
import type { InputRecord } from "../fields";
import { standardizeRecord, type StandardizeOptions } from "../standardize/record";
import { columnarChunk } from "./columnar";

parentPort?.on("message", (message: { records: InputRecord[]; options: StandardizeOptions }) => {
  const chunk = columnarChunk(message.records.map((record) => standardizeRecord(record, message.options)));
  parentPort!.postMessage(
    chunk,
    Object.values(chunk.fields).map((f) => f.ids.buffer as ArrayBuffer),
  );
});
