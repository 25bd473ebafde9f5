// A REST request's body of events (decision 0901): a Segment batch {"batch": [...]} (or one message, or an array)
// as application/json, or one message per line as JSON lines. A line that is not JSON is that message's error; the
// others are stored. The route only authenticates and reads the body within MAX_EVENTS_REQUEST_BYTES.
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { ingestEvents, type EventResult, type EventSource, type IngestEventsResult } from "./ingest-events";

export { MAX_EVENT_BYTES, MAX_EVENTS_REQUEST_BYTES } from "./parse-event-message";
/** Segment's batch endpoint takes at most this many messages a request; more is a client bug, not a batch. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

export type PostedEventsFormat = "json" | "lines";

export function eventsFormatOfContentType(contentType: string | null): PostedEventsFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type === "text/plain" || type === "") return "json";
  if (
    type === "application/x-ndjson" ||
    type === "application/jsonl" ||
    type === "application/ndjson" ||
    type === "application/x-jsonlines"
  )
    return "lines";
  throw new AppError(
    "BAD_REQUEST",
    `Content-Type ${type} is not accepted; send application/json ({"batch": [...]}) or application/x-ndjson (one message per line).`,
  );
}

interface PostedMessages {
  messages: unknown[];
  sizes: (number | undefined)[];
  /** Messages that could not be read at all, by position. */
  unreadable: Map<number, string>;
}

function readLines(text: string): PostedMessages {
  const out: PostedMessages = { messages: [], sizes: [], unreadable: new Map() };
  let line = 0;
  for (const raw of text.split("\n")) {
    line++;
    if (raw.trim() === "") continue;
    const index = out.messages.length;
    try {
      out.messages.push(JSON.parse(raw));
    } catch (error) {
      out.messages.push(null);
      out.unreadable.set(
        index,
        `Line ${line} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    out.sizes.push(Buffer.byteLength(raw, "utf8"));
  }
  return out;
}

function readJson(text: string): PostedMessages {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `The body is not valid JSON (${error instanceof Error ? error.message : String(error)}). Nothing was stored.`,
    );
  }
  const messages = Array.isArray(value)
    ? value
    : value && typeof value === "object" && Array.isArray((value as { batch?: unknown }).batch)
      ? (value as { batch: unknown[] }).batch
      : value && typeof value === "object" && "type" in value
        ? [value]
        : null;
  if (!messages)
    throw new AppError(
      "BAD_REQUEST",
      'Send {"batch": [messages...]}, an array of messages or one message object.',
    );
  return { messages, sizes: [], unreadable: new Map() };
}

/** Reads and stores one request's events; the answer lists every message in the order sent. */
export async function ingestPostedEvents(
  db: Database,
  options: {
    source: EventSource;
    body: Buffer | string;
    contentType: string | null;
    actor: Actor;
    receivedAt?: Date;
  },
): Promise<IngestEventsResult> {
  const format = eventsFormatOfContentType(options.contentType);
  const text = (typeof options.body === "string" ? options.body : options.body.toString("utf8")).replace(
    /^\uFEFF/,
    "",
  );
  const posted = format === "lines" ? readLines(text) : readJson(text);
  if (posted.messages.length === 0) throw new AppError("BAD_REQUEST", "The request holds no messages.");
  if (posted.messages.length > MAX_EVENTS_PER_REQUEST)
    throw new AppError(
      "BAD_REQUEST",
      `The request holds ${posted.messages.length} messages; send at most ${MAX_EVENTS_PER_REQUEST} a request.`,
    );
  const readable: unknown[] = [];
  const sizes: number[] = [];
  const positions: number[] = [];
  posted.messages.forEach((message, index) => {
    if (posted.unreadable.has(index)) return;
    positions.push(index);
    readable.push(message);
    const size = posted.sizes[index];
    if (size !== undefined) sizes.push(size);
  });
  const stored = await ingestEvents(db, options.source, readable, options.actor, {
    receivedAt: options.receivedAt ?? new Date(),
    sizes: sizes.length === readable.length ? sizes : undefined,
    origin: "api",
  });
  const results: EventResult[] = new Array(posted.messages.length);
  stored.results.forEach((r, i) => (results[positions[i]!] = { ...r, index: positions[i]! }));
  for (const [index, reason] of posted.unreadable)
    results[index] = { index, messageId: null, messageIdDerived: false, status: "rejected", reason };
  return { ...stored, rejected: stored.rejected + posted.unreadable.size, results };
}
