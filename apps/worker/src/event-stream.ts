// The JetStream consumer of behavioural events (decision 0901): subjects <prefix>.<source> (c360.events.<source>),
// one durable pull consumer shared by every worker process, each NATS message one Segment message or a batch
// {"batch": [...]}. Stored through ingestEvents (one transaction per source and round), acknowledged after commit:
// a crash before the ack means redelivery, which the messageId makes harmless.
import type { Actor } from "@c360/core/actor";
import { ingestEvents, type EventSource } from "@c360/core/events/ingest-events";
import { getSourceByName } from "@c360/core/sources/manage-sources";
import type { Database } from "@c360/db/client";
import type { JsMsg, NatsConnection } from "nats";
import { consumeSourceSubjects, type ConsumeStats, type StreamLoopOptions } from "./record-stream";

export interface EventStreamOptions extends StreamLoopOptions {
  actor: Actor;
}

const decoder = new TextDecoder();

/** The messages one NATS message carries, with its publish time; a payload that is not JSON is one rejected message. */
function messagesOf(message: JsMsg): { messages: unknown[]; receivedAt: Date; unreadable: boolean } {
  const receivedAt = new Date(Math.floor(message.info.timestampNanos / 1e6));
  try {
    const value = JSON.parse(decoder.decode(message.data)) as unknown;
    if (
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Array.isArray((value as { batch?: unknown }).batch)
    )
      return { messages: (value as { batch: unknown[] }).batch, receivedAt, unreadable: false };
    return { messages: Array.isArray(value) ? value : [value], receivedAt, unreadable: false };
  } catch {
    return { messages: [], receivedAt, unreadable: true };
  }
}

export async function consumeEventStream(
  db: Database,
  nc: NatsConnection,
  options: EventStreamOptions,
): Promise<ConsumeStats> {
  const log = options.log ?? (() => {});
  const sources = new Map<string, { source: EventSource | null; at: number }>();
  const sourceNamed = async (name: string): Promise<EventSource | null> => {
    const cached = sources.get(name);
    if (cached && Date.now() - cached.at < 30_000) return cached.source;
    const found = await getSourceByName(db, name);
    const source = found ? { id: found.id, name: found.name, kind: found.kind } : null;
    sources.set(name, { source, at: Date.now() });
    return source;
  };
  return consumeSourceSubjects(nc, { ...options, label: "event stream" }, async (name, group) => {
    const source = await sourceNamed(name);
    if (!source) return { outcome: "unknown_source" };
    const messages: unknown[] = [];
    const receivedAts: Date[] = [];
    let unreadable = 0;
    for (const m of group) {
      const read = messagesOf(m);
      if (read.unreadable) unreadable++;
      for (const message of read.messages) {
        messages.push(message);
        receivedAts.push(read.receivedAt);
      }
    }
    if (unreadable > 0)
      log(`event stream: ${unreadable} message(s) on ${name} are not JSON; acknowledged and dropped`);
    if (messages.length === 0) return { outcome: "stored", stored: 0, unchanged: 0, rejected: unreadable };
    const result = await ingestEvents(db, source, messages, options.actor, { receivedAts, origin: "stream" });
    if (result.rejected > 0) {
      const first = result.results.find((r) => r.status === "rejected");
      log(
        `event stream: ${result.rejected} message(s) on ${name} rejected, e.g. ${first?.messageId ?? "(no id)"}: ${first?.reason}`,
      );
    }
    return {
      outcome: "stored",
      stored: result.accepted,
      unchanged: result.duplicate,
      rejected: result.rejected + unreadable,
    };
  });
}
