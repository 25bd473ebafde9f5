// Worker thread for the batch's comparison work: rebuilds a comparing store from a snapshot, estimates u from random
// pairs (while the main thread blocks), then computes the comparison patterns of the candidate pairs it is sent.
import { parentPort } from "node:worker_threads";
import type { ComparisonSpec } from "../compare/comparisons";
import { createModel } from "../model/model";
import { PairScorer } from "../model/scorer";
import { computePatterns, estimateU, type TrainingOptions } from "../model/train";
import { RecordStore, type ComparisonSnapshot } from "../store";

export type CompareWorkerRequest =
  | { type: "store"; snapshot: ComparisonSnapshot; specs: ComparisonSpec[]; training: TrainingOptions | null }
  | { type: "pairs"; a: Int32Array; b: Int32Array };

export type CompareWorkerReply =
  { type: "u"; u: (number | null)[][]; log: string[] } | { type: "patterns"; patterns: Float64Array };

let scorer: PairScorer | null = null;

parentPort?.on("message", (message: CompareWorkerRequest) => {
  if (message.type === "store") {
    const store = RecordStore.fromComparisonSnapshot(message.snapshot);
    const model = createModel(message.specs, []);
    if (message.training) {
      estimateU(model, store, message.training);
      const reply: CompareWorkerReply = {
        type: "u",
        u: model.comparisons.map((c) => c.levels.map((l) => l.u)),
        log: model.trainingLog,
      };
      parentPort!.postMessage(reply);
    }
    scorer = new PairScorer(model, store);
    return;
  }
  const patterns = computePatterns(scorer!, { a: message.a, b: message.b, length: message.a.length });
  const reply: CompareWorkerReply = { type: "patterns", patterns };
  parentPort!.postMessage(reply, [patterns.buffer as ArrayBuffer]);
});
