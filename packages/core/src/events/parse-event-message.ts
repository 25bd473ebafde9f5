// One Segment-style message checked and read (decision 0901): its type, ids, clocks corrected, identities
// standardized with the records' own standardizers, consent signals, amount. A bad message gets one clear reason.
import { createHash } from "node:crypto";
import { standardizeEmail } from "@c360/matching/standardize/emails";
import { standardizePhone } from "@c360/matching/standardize/phones";
import { z } from "zod";
import { canonicalJson } from "../ingest/content-hash";

/** Segment's limits: 32 KB an event, 500 KB a request (REST). */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_EVENTS_REQUEST_BYTES = 500 * 1024;
/** A timestamp further ahead than this (after correction) is a broken clock, not an event. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** Before this, a timestamp is a zero value or a typo rather than an event. */
export const EARLIEST_EVENT = Date.UTC(1990, 0, 1);
export const MESSAGE_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
/** A derived message id starts with this, so it cannot collide with a sender's own ids by accident. */
export const DERIVED_ID_PREFIX = "derived:";

export interface ParsedEvent {
  messageId: string;
  messageIdDerived: boolean;
  type: MessageType;
  /** track: event name; page/screen: name; group: groupId. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** alias: the earlier id joined to userId. */
  previousId: string | null;
  /** Standardized (lower-case email, E.164 phone) from traits or context.traits. */
  email: string | null;
  phone: string | null;
  occurredAt: Date;
  sentAt: Date | null;
  receivedAt: Date | null;
  /** track/page/screen: properties; identify/group: traits (an observation, never a golden value). */
  properties: Record<string, unknown>;
  amount: string | null;
  currency: string | null;
  /** Consent carried by the message: category -> allowed, and the Global Privacy Control signal. */
  consent: { categories: Record<string, boolean>; gpc: boolean } | null;
}

export interface EventRejection {
  messageId: string | null;
  reason: string;
}

export interface ParseEventOptions {
  /** The clock "far future" is judged by. */
  now?: Date;
  /**
   * When c360 received the message live (REST, stream): corrects the client's clock with sentAt, and stands in for
   * a missing timestamp. Not given for files (history): a file's sentAt says nothing about now.
   */
  receivedAt?: Date;
  /** The message's size in bytes when the caller already knows it (the raw line); measured otherwise. */
  bytes?: number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const id = (field: string) =>
  z
    .union([z.string(), z.number().finite()], { error: `${field} must be a string.` })
    .transform((v) => String(v).trim())
    .pipe(z.string().max(200, `${field} is longer than 200 characters.`))
    .nullish();

const object = (field: string) =>
  z.record(z.string(), z.unknown(), { error: `${field} must be an object.` }).nullish();

const clock = z.union([z.string(), z.number()], { error: "must be an ISO 8601 date-time string." }).nullish();

const messageSchema = z.object({
  type: z.enum(MESSAGE_TYPES),
  messageId: id("messageId"),
  userId: id("userId"),
  anonymousId: id("anonymousId"),
  previousId: id("previousId"),
  groupId: id("groupId"),
  event: z
    .string({ error: "event must be a string." })
    .trim()
    .max(200, "event is longer than 200 characters.")
    .nullish(),
  name: z
    .string({ error: "name must be a string." })
    .trim()
    .max(200, "name is longer than 200 characters.")
    .nullish(),
  properties: object("properties"),
  traits: object("traits"),
  context: object("context"),
  timestamp: clock,
  originalTimestamp: clock,
  sentAt: clock,
  receivedAt: clock,
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join(".");
  if (issue.message.startsWith(path)) return issue.message;
  return path ? `${path}: ${issue.message}` : issue.message;
}

function readClock(value: unknown, field: string): Date | null | string {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") {
    // Epoch milliseconds (what some SDKs send).
    const date = new Date(value);
    return Number.isFinite(date.getTime()) ? date : `${field} ${value} is not a date-time.`;
  }
  const text = String(value).trim();
  if (!ISO_DATE_TIME.test(text)) return `${field} "${text.slice(0, 60)}" is not an ISO 8601 date-time.`;
  // JavaScript rolls 31 February over into March: the calendar date is checked first.
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return `${field} "${text.slice(0, 60)}" is not a valid date.`;
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.replace(" ", "T"));
  if (!Number.isFinite(date.getTime())) return `${field} "${text.slice(0, 60)}" is not a valid date-time.`;
  return date;
}

/** The id of a message sent without one: a hash of its content (its clocks of sending left out, retries re-stamp them). */
export function deriveMessageId(message: Record<string, unknown>): string {
  const { messageId: _m, sentAt: _s, receivedAt: _r, ...content } = message;
  return (
    DERIVED_ID_PREFIX + createHash("sha256").update(canonicalJson(content), "utf8").digest("hex").slice(0, 40)
  );
}

function traitOf(data: z.output<typeof messageSchema>, key: "email" | "phone"): unknown {
  return data.traits?.[key] ?? (data.context?.traits as Record<string, unknown> | undefined)?.[key] ?? null;
}

const AMOUNT_KEYS = ["revenue", "total", "value", "price"] as const;

function amountOf(properties: Record<string, unknown>): { amount: string | null; currency: string | null } {
  for (const key of AMOUNT_KEYS) {
    const raw = properties[key];
    const value =
      typeof raw === "number"
        ? raw
        : typeof raw === "string" && /^-?\d+(\.\d+)?$/.test(raw.trim())
          ? Number(raw)
          : NaN;
    if (!Number.isFinite(value) || Math.abs(value) >= 1e14) continue;
    const currency =
      typeof properties.currency === "string" && /^[A-Za-z]{3}$/.test(properties.currency)
        ? properties.currency.toUpperCase()
        : null;
    return { amount: value.toFixed(4).replace(/\.?0+$/, ""), currency };
  }
  return { amount: null, currency: null };
}

function consentOf(context: Record<string, unknown> | null | undefined): ParsedEvent["consent"] {
  if (!context) return null;
  const consent = context.consent as Record<string, unknown> | undefined;
  const preferences = consent && typeof consent === "object" ? consent.categoryPreferences : undefined;
  const categories: Record<string, boolean> = {};
  if (preferences && typeof preferences === "object" && !Array.isArray(preferences)) {
    for (const [category, allowed] of Object.entries(preferences as Record<string, unknown>))
      if (typeof allowed === "boolean" && category.length <= 100) categories[category] = allowed;
  }
  const gpc =
    context.gpc === true ||
    context.globalPrivacyControl === true ||
    (consent && typeof consent === "object" && consent.gpc === true) ||
    false;
  if (!gpc && Object.keys(categories).length === 0) return null;
  return { categories, gpc: Boolean(gpc) };
}

function nonBlank(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === "" ? null : value;
}

/**
 * An upper bound of a value's JSON size in bytes (every character counted as 6, the longest escape), stopping once
 * past `limit`: at most `limit + something` of work whatever the value.
 */
function sizeBound(value: unknown, limit: number, depth = 0): number {
  if (value === null || typeof value === "boolean") return 5;
  if (typeof value === "number") return 24;
  if (typeof value === "string") return 2 + 6 * value.length;
  if (typeof value !== "object" || depth > 64) return Infinity;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + sizeBound(item, limit, depth + 1);
      if (total > limit) return total;
    }
    return total;
  }
  for (const key in value) {
    total += 4 + 6 * key.length + sizeBound((value as Record<string, unknown>)[key], limit, depth + 1);
    if (total > limit) return total;
  }
  return total;
}

/** Checks and reads one message; never throws. */
export function parseEventMessage(
  raw: unknown,
  options: ParseEventOptions = {},
): ParsedEvent | EventRejection {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return { messageId: null, reason: "A message must be a JSON object." };
  const message = raw as Record<string, unknown>;
  const claimedId =
    typeof message.messageId === "string" || typeof message.messageId === "number"
      ? String(message.messageId)
      : null;
  let bytes = options.bytes;
  // Serialising every message to weigh it cost more than validating it: a bound from its strings decides for the
  // usual small message, and only a message that might be near the limit is weighed exactly.
  if (bytes === undefined && sizeBound(message, MAX_EVENT_BYTES) <= MAX_EVENT_BYTES) bytes = 0;
  if (bytes === undefined) {
    try {
      bytes = Buffer.byteLength(JSON.stringify(message), "utf8");
    } catch {
      return { messageId: claimedId, reason: "The message cannot be written as JSON." };
    }
  }
  if (bytes > MAX_EVENT_BYTES)
    return {
      messageId: claimedId,
      reason: `The message is ${bytes} bytes, over the limit of ${MAX_EVENT_BYTES} bytes (32 KB) an event.`,
    };
  if (typeof message.type !== "string" || !(MESSAGE_TYPES as readonly string[]).includes(message.type)) {
    const given =
      message.type === undefined ? "no type" : `type ${JSON.stringify(message.type).slice(0, 60)}`;
    return {
      messageId: claimedId,
      reason: `Unknown message type: ${given}; expected one of ${MESSAGE_TYPES.join(", ")}.`,
    };
  }
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) return { messageId: claimedId, reason: firstIssue(parsed.error) };
  const data = parsed.data;
  const userId = nonBlank(data.userId);
  const anonymousId = nonBlank(data.anonymousId);
  const previousId = nonBlank(data.previousId);
  let event: string | null = null;
  switch (data.type) {
    case "track":
      event = nonBlank(data.event);
      if (!event) return { messageId: claimedId, reason: "A track message needs its event name (event)." };
      break;
    case "page":
    case "screen":
      event = nonBlank(data.name) ?? nonBlank((data.properties?.name as string | undefined) ?? null);
      if (event !== null && typeof event !== "string") event = null;
      break;
    case "group":
      event = nonBlank(data.groupId);
      if (!event) return { messageId: claimedId, reason: "A group message needs its groupId." };
      break;
    case "alias":
      if (!previousId || !userId)
        return { messageId: claimedId, reason: "An alias message needs both previousId and userId." };
      break;
    case "identify":
      if (!userId && !anonymousId)
        return { messageId: claimedId, reason: "An identify message needs a userId or an anonymousId." };
      break;
  }

  const clocks: Record<string, Date | null> = {};
  for (const field of ["timestamp", "originalTimestamp", "sentAt", "receivedAt"] as const) {
    const value = readClock(data[field], field);
    if (typeof value === "string") return { messageId: claimedId, reason: value };
    clocks[field] = value;
  }
  const live = options.receivedAt ?? null;
  const receivedAt = clocks.receivedAt ?? live;
  let occurredAt = clocks.timestamp ?? clocks.originalTimestamp;
  // Segment's correction of a client's clock: the time between the event and its sending, taken back from when it
  // was received. Only with a receipt time (the message's own, or a live one): a file's sentAt says nothing about now.
  if (occurredAt && clocks.sentAt && receivedAt) {
    const skew = receivedAt.getTime() - clocks.sentAt.getTime();
    occurredAt = new Date(occurredAt.getTime() + skew);
  }
  occurredAt ??= receivedAt ?? clocks.sentAt;
  if (!occurredAt)
    return { messageId: claimedId, reason: "The message has no timestamp (nor receivedAt or sentAt)." };
  const now = (options.now ?? live ?? new Date()).getTime();
  if (occurredAt.getTime() > now + MAX_FUTURE_MS)
    return {
      messageId: claimedId,
      reason: `timestamp ${occurredAt.toISOString()} is in the future (more than a day ahead of ${new Date(now).toISOString()}).`,
    };
  if (occurredAt.getTime() < EARLIEST_EVENT)
    return {
      messageId: claimedId,
      reason: `timestamp ${occurredAt.toISOString()} is before 1990: not an event time.`,
    };

  const emailRaw = traitOf(data, "email");
  const phoneRaw = traitOf(data, "phone");
  const email = typeof emailRaw === "string" ? standardizeEmail(emailRaw) : null;
  const phone =
    typeof phoneRaw === "string" || typeof phoneRaw === "number" ? standardizePhone(String(phoneRaw)) : null;
  const properties =
    (data.type === "identify" || data.type === "group" ? data.traits : data.properties) ?? {};
  const { amount, currency } =
    data.type === "track" ? amountOf(properties) : { amount: null, currency: null };
  const messageId = nonBlank(data.messageId);
  return {
    messageId: messageId ?? deriveMessageId(message),
    messageIdDerived: !messageId,
    type: data.type,
    event,
    userId,
    anonymousId: data.type === "alias" ? previousId : anonymousId,
    previousId,
    email,
    phone,
    occurredAt,
    sentAt: clocks.sentAt ?? null,
    receivedAt,
    properties,
    amount,
    currency,
    consent: consentOf(data.context),
  };
}

export function isRejection(value: ParsedEvent | EventRejection): value is EventRejection {
  return "reason" in value;
}
