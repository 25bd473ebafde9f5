// The main thread's side of compare-worker.ts: starts the worker with a snapshot of the store as soon as the store
// is built (the worker estimates u while the main thread blocks), then splits the candidate pairs' patterns in two.
import type { Worker } from "node:worker_threads";
import type { CandidatePairs } from "../block";
import { comparisonFields, type ComparisonSpec } from "../compare/comparisons";
import type { MatchModel } from "../model/model";
import type { PairScorer } from "../model/scorer";
import { computePatterns, type TrainingOptions } from "../model/train";
import { FIELD_SLOT, type RecordStore } from "../store";
import type { StandardField } from "../standardize/record";
import type { CompareWorkerReply, CompareWorkerRequest } from "./compare-worker";
import { startTypeScriptWorker } from "./typescript-worker";

export class ComparisonHelper {
  private readonly worker: Worker;
  private readonly replies = new Map<CompareWorkerReply["type"], Promise<CompareWorkerReply>>();
  private failure: Promise<never>;

  constructor(store: RecordStore, specs: ComparisonSpec[], training: TrainingOptions | null) {
    this.worker = startTypeScriptWorker(new URL("./compare-worker.ts", import.meta.url));
    this.failure = new Promise<never>((_, reject) => {
      this.worker.once("error", reject);
      this.worker.once("exit", (code) =>
        reject(new Error(`comparison worker exited (code ${code}) before it answered`)),
      );
    });
    // Kept from rejecting unobserved: every await below races it.
    this.failure.catch(() => undefined);
    for (const type of ["u", "patterns"] as const) this.replies.set(type, this.nextReply(type));
    // Every field a comparison reads as text (the kernels read value ids from the rows, text from the dictionaries).
    const fields = [
      ...new Set(
        specs.flatMap((spec) => [...comparisonFields(spec), ...(spec.swappedWith ? [spec.swappedWith] : [])]),
      ),
    ].filter((field): field is StandardField => field in FIELD_SLOT);
    const request: CompareWorkerRequest = {
      type: "store",
      snapshot: store.comparisonSnapshot(fields, training?.linkOnly ?? false),
      specs,
      training,
    };
    this.worker.postMessage(request, [request.snapshot.rows.buffer]);
  }

  private nextReply(type: CompareWorkerReply["type"]): Promise<CompareWorkerReply> {
    return new Promise((resolve) => {
      const listener = (reply: CompareWorkerReply) => {
        if (reply.type !== type) return;
        this.worker.off("message", listener);
        resolve(reply);
      };
      this.worker.on("message", listener);
    });
  }

  /** Patterns of all candidate pairs: the second half computed by the worker while this thread does the first. */
  async patterns(scorer: PairScorer, candidates: CandidatePairs): Promise<Float64Array> {
    const half = candidates.length >> 1;
    const request: CompareWorkerRequest = {
      type: "pairs",
      a: candidates.a.slice(half, candidates.length),
      b: candidates.b.slice(half, candidates.length),
    };
    this.worker.postMessage(request, [request.a.buffer as ArrayBuffer, request.b.buffer as ArrayBuffer]);
    const own = computePatterns(scorer, { a: candidates.a, b: candidates.b, length: half });
    const reply = await Promise.race([this.replies.get("patterns")!, this.failure]);
    if (reply.type !== "patterns") throw new Error("comparison worker: unexpected reply");
    const patterns = new Float64Array(candidates.length);
    patterns.set(own.subarray(0, half));
    patterns.set(reply.patterns, half);
    return patterns;
  }

  /** Sets u of every comparison from the worker's estimate (the same random pairs estimateU would draw here). */
  async applyU(model: MatchModel): Promise<void> {
    const reply = await Promise.race([this.replies.get("u")!, this.failure]);
    if (reply.type !== "u") throw new Error("comparison worker: unexpected reply");
    model.comparisons.forEach((comparison, k) =>
      comparison.levels.forEach((level, l) => (level.u = reply.u[k]![l]!)),
    );
    model.trainingLog.push(...reply.log);
  }

  close(): void {
    this.worker.removeAllListeners("exit");
    void this.worker.terminate();
  }
}
