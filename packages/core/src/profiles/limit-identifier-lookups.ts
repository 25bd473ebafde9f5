// The rate limit and audit of exact email/phone lookups by callers who may not see those values (no profile:pii).
import { createHmac } from "node:crypto";
import type { Database } from "@c360/db/client";
import { rateLimitCounters } from "@c360/db/schema";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { loadSuppressionKey } from "../privacy/suppression-key";

/**
 * Exact lookups one user without profile:pii may make per hour. A person with a real reason (a privacy request, a
 * customer on the phone) looks up a handful; guessing a phone number from its masked last two digits takes
 * millions of whole numbers, so even a patient caller learns nothing this way.
 */
export const IDENTIFIER_LOOKUPS_PER_HOUR = 30;
const WINDOW_SECONDS = 3600;

/** An email or phone typed in the search box, or a privacy request's subject looked up exactly (all its identities). */
export type IdentifierKind = "email" | "phone" | "subject";

const limiters = new WeakMap<Database, RateLimiterDrizzle>();

/**
 * One limiter per database handle. rate-limiter-flexible's drizzle store counts with one INSERT ... ON CONFLICT DO
 * UPDATE per lookup, so concurrent requests cannot both pass on the last point, on PGlite and PostgreSQL alike.
 */
function limiterOf(db: Database): RateLimiterDrizzle {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimitCounters,
      keyPrefix: "identifier-lookup",
      points: IDENTIFIER_LOOKUPS_PER_HOUR,
      duration: WINDOW_SECONDS,
      // One row per user that ever looked something up; its window restarts in place, so nothing piles up to sweep
      // (and no timer outlives the database handle).
      clearExpiredByTimeout: false,
    });
    limiters.set(db, limiter);
  }
  return limiter;
}

/** The key a caller's lookups are counted under: the user, or the system actor's label. */
const keyOf = (actor: Actor) => actor.userId ?? `label:${actor.label}`;

/**
 * A keyed hash of the looked-up value, so the audit log can answer "who looked up this address?" (hash the address
 * with the deployment's key and search for it) without holding the address itself: audit rows outlive erasure.
 */
export async function identifierLookupHash(
  db: Database,
  kind: IdentifierKind,
  value: string,
): Promise<string> {
  const key = await loadSuppressionKey(db);
  return createHmac("sha256", key.secret)
    .update(`c360-identifier-lookup\u0000${kind}\u0000${value}`, "utf8")
    .digest("hex");
}

/**
 * Spends one of the caller's lookups, or refuses with TOO_MANY_REQUESTS (audited, so a probe shows in the log).
 * Called before the search runs, so a lookup that finds nobody costs the same as one that finds someone.
 */
export async function consumeIdentifierLookup(
  db: Database,
  actor: Actor,
  kind: IdentifierKind,
  value: string,
): Promise<void> {
  try {
    await limiterOf(db).consume(keyOf(actor));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    await recordAudit(db, actor, {
      action: "profile.search_identifier_refused",
      entityType: "profile",
      details: {
        kind,
        lookupHash: await identifierLookupHash(db, kind, value),
        limitPerHour: IDENTIFIER_LOOKUPS_PER_HOUR,
      },
    });
    const minutes = Math.max(1, Math.ceil(rejection.msBeforeNext / 60_000));
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You have looked up ${IDENTIFIER_LOOKUPS_PER_HOUR} email addresses or phone numbers in the last hour, the most a role without access to personal data may. Search by name or record id, try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask a data steward.`,
      {
        retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000),
        limitPerHour: IDENTIFIER_LOOKUPS_PER_HOUR,
      },
    );
  }
}

/** Records one exact lookup: which kind, the value's keyed hash, and the profiles it found (ids only). */
export async function auditIdentifierLookup(
  db: Database,
  actor: Actor,
  lookup: { kind: IdentifierKind; value: string; profileIds: string[] },
): Promise<void> {
  await recordAudit(db, actor, {
    action: "profile.search_identifier",
    entityType: "profile",
    details: {
      kind: lookup.kind,
      lookupHash: await identifierLookupHash(db, lookup.kind, lookup.value),
      profileIds: lookup.profileIds,
    },
  });
}
