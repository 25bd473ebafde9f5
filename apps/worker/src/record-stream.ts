// The JetStream consumer of source records: subjects <prefix>.<source>, one durable pull consumer shared by every
// worker process (more processes share the load), acknowledgement only after the records are committed.
import type { Database } from "@c360/db/client";
import { createStreamImporter, type StreamImporterOptions } from "@c360/core/ingest/import-stream-records";
import { AckPolicy, DeliverPolicy, nanos, type JsMsg, type NatsConnection } from "nats";

export interface RecordStreamNames {
  stream: string;
  subjectPrefix: string;
  durable: string;
}

/** Creates the stream and the durable consumer when missing; existing ones are left as they are. */
export async function ensureRecordStream(
  nc: NatsConnection,
  names: RecordStreamNames,
  ackWaitMs = 30_000,
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const subjects = [`${names.subjectPrefix}.>`];
  try {
    await jsm.streams.info(names.stream);
  } catch {
    await jsm.streams.add({ name: names.stream, subjects });
  }
  try {
    await jsm.consumers.info(names.stream, names.durable);
  } catch {
    await jsm.consumers.add(names.stream, {
      durable_name: names.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${names.subjectPrefix}.>`,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: 20_000,
    });
  }
}

export interface ConsumeOptions extends RecordStreamNames {
  importer: StreamImporterOptions;
  chunkSize?: number;
  /** How long one fetch waits for messages before the loop checks whether to stop (NATS needs at least 1000). */
  fetchWaitMs?: number;
  signal?: AbortSignal;
  /** Stop once the consumer has nothing pending (tests, one-off replays) instead of waiting for more. */
  stopWhenIdle?: boolean;
  /** Called after a chunk commits and before its messages are acknowledged (tests crash here). */
  beforeAck?: (messages: number) => void | Promise<void>;
  log?: (line: string) => void;
}

export interface ConsumeStats {
  messages: number;
  stored: number;
  unchanged: number;
  rejected: number;
  unknownSource: number;
}

function sourceOfSubject(subject: string, prefix: string): string | null {
  if (!subject.startsWith(`${prefix}.`)) return null;
  const rest = subject.slice(prefix.length + 1);
  return rest && !rest.includes(".") ? rest : null;
}

/** What a handler did with one source's messages of a round. */
export type GroupOutcome =
  { outcome: "stored"; stored: number; unchanged: number; rejected: number } | { outcome: "unknown_source" };

export interface StreamLoopOptions {
  stream: string;
  subjectPrefix: string;
  durable: string;
  chunkSize?: number;
  fetchWaitMs?: number;
  signal?: AbortSignal;
  stopWhenIdle?: boolean;
  beforeAck?: (messages: number) => void | Promise<void>;
  log?: (line: string) => void;
  /** Names the stream in log lines ("record stream", "event stream"). */
  label?: string;
}

/** Consumes until the signal aborts (or, with stopWhenIdle, until nothing is pending). */
export async function consumeRecordStream(
  db: Database,
  nc: NatsConnection,
  options: ConsumeOptions,
): Promise<ConsumeStats> {
  const importer = createStreamImporter(db, options.importer);
  try {
    return await consumeSourceSubjects(nc, { ...options, label: "record stream" }, async (source, group) => {
      const outcome = await importer.importMessages(
        source,
        group.map((m) => m.data),
      );
      if (outcome.outcome === "unknown_source") return outcome;
      return {
        outcome: "stored",
        stored: outcome.result.accepted,
        unchanged: outcome.result.unchanged,
        rejected: outcome.result.rejected,
      };
    });
  } finally {
    await importer.close();
  }
}

/**
 * The consuming loop shared by the record and event streams: adaptive micro-batches of messages grouped by the
 * source their subject names, each group handed to `handle`, acknowledged only after it resolves (committed).
 */
export async function consumeSourceSubjects(
  nc: NatsConnection,
  options: StreamLoopOptions,
  handle: (source: string, group: JsMsg[]) => Promise<GroupOutcome>,
): Promise<ConsumeStats> {
  const log = options.log ?? (() => {});
  const label = options.label ?? "stream";
  const stats: ConsumeStats = { messages: 0, stored: 0, unchanged: 0, rejected: 0, unknownSource: 0 };
  const consumer = await nc.jetstream().consumers.get(options.stream, options.durable);
  const chunkSize = options.chunkSize ?? 1000;
  const idleMs = options.fetchWaitMs ?? 2000;
  // Adaptive micro-batches: messages stream in continuously, and each round takes everything that arrived while
  // the previous one was being stored. A quiet stream gives batches of one and minimal latency; a busy one gives
  // big batches and throughput. (A fetch of N messages would wait for N, or for its expiry, on every round.)
  const incoming = await consumer.consume({ max_messages: chunkSize, expires: Math.max(1000, idleMs) });
  const buffer: JsMsg[] = [];
  let ended = false;
  // Resolvers of whoever waits: the consuming loop for messages, the pump for room in the buffer.
  const waiting: { wake: (() => void) | null; space: (() => void) | null } = { wake: null, space: null };
  const notify = () => {
    waiting.wake?.();
    waiting.wake = null;
  };
  const makeRoom = () => {
    waiting.space?.();
    waiting.space = null;
  };
  let stopped = false;
  const pump = (async () => {
    try {
      for await (const message of incoming) {
        // After a stop, messages still queued in the client are left unacknowledged: the server redelivers them.
        if (stopped) break;
        buffer.push(message);
        notify();
        // Back-pressure: stop pulling while two rounds' worth wait, so nothing sits past its ack deadline.
        if (buffer.length >= 2 * chunkSize) await new Promise<void>((resolve) => (waiting.space = resolve));
      }
    } finally {
      ended = true;
      notify();
    }
  })();
  const stop = () => {
    stopped = true;
    incoming.stop();
    makeRoom();
    notify();
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  try {
    while (!options.signal?.aborted) {
      if (buffer.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          waiting.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (buffer.length === 0) {
          if (options.stopWhenIdle) {
            const info = await consumer.info();
            if (info.num_pending === 0 && info.num_ack_pending === 0) break;
          }
          continue;
        }
      }
      const messages = buffer.splice(0, chunkSize);
      if (buffer.length < 2 * chunkSize) makeRoom();
      stats.messages += messages.length;
      const bySource = new Map<string, JsMsg[]>();
      for (const message of messages) {
        const source = sourceOfSubject(message.subject, options.subjectPrefix);
        if (!source) {
          log(
            `${label}: ${message.subject} does not name a source (${options.subjectPrefix}.<source>); message dropped`,
          );
          message.term();
          continue;
        }
        (bySource.get(source) ?? bySource.set(source, []).get(source)!).push(message);
      }
      for (const [source, group] of bySource) {
        const outcome = await handle(source, group);
        if (outcome.outcome === "unknown_source") {
          // Sources are registered by an admin; a subject for an unknown one is refused rather than guessed at.
          stats.unknownSource += group.length;
          log(
            `${label}: no source named ${source}; ${group.length} message(s) refused (create the source, then republish)`,
          );
          for (const message of group) message.term();
          continue;
        }
        stats.stored += outcome.stored;
        stats.unchanged += outcome.unchanged;
        stats.rejected += outcome.rejected;
        await options.beforeAck?.(group.length);
        for (const message of group) message.ack();
      }
    }
  } finally {
    stop();
    await pump.catch(() => {});
  }
  return stats;
}
