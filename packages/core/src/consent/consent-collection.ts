// Consent collection over HTTP (POST /api/v1/consent): who may post (any source's API token: a web shop or CRM
// collects consent on its forms), and what one request records — its events, plus the opt-out a Global Privacy
// Control header (`Sec-GPC: 1`) expresses.
import type { Database } from "@c360/db/client";
import { sources } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { assertStorableJson } from "../system/storable-json";
import { parseInput } from "../parse-input";
import { consentSubjectInput, type ConsentEventInput } from "./consent-schemas";
import { recordGpcOptOut } from "./record-gpc-opt-out";
import { recordConsentEvent, type RecordedConsentEvent } from "./record-consent-event";

/** The source whose API token this is, or null. Tokens are 256-bit random, so looking up their hash leaks nothing. */
export async function authenticateConsentCollector(
  db: Database,
  token: string,
): Promise<{ name: string } | null> {
  const hash = createHash("sha256").update(token, "utf8").digest("hex");
  const [row] = await db
    .select({ name: sources.name, apiTokenHash: sources.apiTokenHash })
    .from(sources)
    .where(eq(sources.apiTokenHash, hash))
    .limit(1);
  if (!row?.apiTokenHash) return null;
  const same = timingSafeEqual(Buffer.from(row.apiTokenHash, "hex"), Buffer.from(hash, "hex"));
  return same ? { name: row.name } : null;
}

export const MAX_EVENTS_PER_REQUEST = 1000;

export interface CollectionRequest {
  body: unknown;
  /** Sec-GPC: 1 was sent. */
  gpc: boolean;
  origin?: string;
  userAgent?: string;
  idempotencyKey?: string;
}

export interface CollectionResult {
  events: RecordedConsentEvent[];
  gpc: RecordedConsentEvent[];
}

/**
 * Records what one request says: an event object, an array of them, or (with GPC) just `{ subject }`. Events are
 * recorded one by one, each in its own transaction and idempotent, so a retried request records nothing twice.
 */
export async function collectConsent(
  db: Database,
  actor: Actor,
  request: CollectionRequest,
): Promise<CollectionResult> {
  const body = request.body;
  // Checked before the first event is recorded: a later one failing in the database would leave the first ones in.
  assertStorableJson(body, "consent event");
  const items: Record<string, unknown>[] = Array.isArray(body)
    ? body
    : body && typeof body === "object"
      ? [body as Record<string, unknown>]
      : [];
  if (!items.length)
    throw new AppError(
      "BAD_REQUEST",
      "Send a consent event as a JSON object (or an array of them): { subject, purpose, status, ... }.",
    );
  if (items.length > MAX_EVENTS_PER_REQUEST)
    throw new AppError("BAD_REQUEST", `Send at most ${MAX_EVENTS_PER_REQUEST} events per request.`);
  const gpcOnly = items.length === 1 && request.gpc && items[0]!.purpose === undefined;
  const result: CollectionResult = { events: [], gpc: [] };
  if (!gpcOnly) {
    for (const [index, item] of items.entries()) {
      const event = {
        ...item,
        method: item.method ?? "api",
        origin: item.origin ?? request.origin,
        userAgent: item.userAgent ?? request.userAgent,
        idempotencyKey:
          item.idempotencyKey ?? (request.idempotencyKey ? `${request.idempotencyKey}:${index}` : undefined),
      } as ConsentEventInput;
      try {
        result.events.push(await recordConsentEvent(db, actor, event));
      } catch (error) {
        if (error instanceof AppError && items.length > 1)
          throw new AppError(error.code, `Event ${index + 1}: ${error.message}`, error.details);
        throw error;
      }
    }
  }
  if (request.gpc) {
    const subject = parseInput(z.object({ subject: consentSubjectInput }), items[0]).subject;
    result.gpc = await recordGpcOptOut(db, actor, subject, {
      origin: request.origin,
      userAgent: request.userAgent,
      idempotencyKey: request.idempotencyKey,
    });
  }
  return result;
}
