// Failed-sign-in throttling: each attempt is counted before the password is checked, by rate-limiter-flexible's
// drizzle store (one atomic INSERT ... ON CONFLICT DO UPDATE per counter, on PGlite and PostgreSQL alike), so
// parallel guesses cannot all slip under the limit. Two counters: an account from one client (a lockout someone
// elsewhere cannot impose) and one client across accounts (password spraying). See docs/decisions/0006.
import { createHash } from "node:crypto";
import type { Database } from "@c360/db/client";
import { rateLimitCounters } from "@c360/db/schema";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";

export const signInThrottle = {
  /** Attempts for one account from one client within the window; past it that client waits for the account. */
  maxFailures: 10,
  /** Attempts from one client across all accounts within the window. */
  maxClientFailures: 50,
  windowMinutes: 15,
};

export type ThrottleScope = "account_client" | "client";

interface SignInLimiters {
  accountClient: RateLimiterDrizzle;
  client: RateLimiterDrizzle;
}

const limiters = new WeakMap<Database, SignInLimiters>();

function limitersOf(db: Database): SignInLimiters {
  let pair = limiters.get(db);
  if (!pair) {
    const common = {
      storeClient: db,
      schema: rateLimitCounters,
      duration: signInThrottle.windowMinutes * 60,
      clearExpiredByTimeout: false,
    };
    pair = {
      accountClient: new RateLimiterDrizzle({
        ...common,
        keyPrefix: "sign-in-account-client",
        points: signInThrottle.maxFailures,
      }),
      client: new RateLimiterDrizzle({
        ...common,
        keyPrefix: "sign-in-client",
        points: signInThrottle.maxClientFailures,
      }),
    };
    limiters.set(db, pair);
  }
  return pair;
}

function keyOf(...parts: string[]): string {
  // Emails and addresses are personal data: the counters hold their hash only.
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export function throttleKeys(email: string, client: string) {
  return { accountClient: keyOf(email, client), client: keyOf(client) };
}

/** Spends one point; false when the limiter refused it (its points for the window are gone). */
async function spend(limiter: RateLimiterDrizzle, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  }
}

/**
 * Counts a sign-in attempt for the email from the client; returns the scope whose limit it passed, or null when
 * the password may be checked. Called before checking, so the count is exact however many arrive at once.
 */
export async function countSignInAttempt(
  db: Database,
  email: string,
  client: string,
): Promise<ThrottleScope | null> {
  const keys = throttleKeys(email, client);
  const { accountClient, client: perClient } = limitersOf(db);
  if (!(await spend(accountClient, keys.accountClient))) return "account_client";
  if (!(await spend(perClient, keys.client))) return "client";
  return null;
}

/** A successful sign-in: its attempt was no failure, so it is given back, and the account's counter restarts. */
export async function clearSignInAttempts(db: Database, email: string, client: string): Promise<void> {
  const keys = throttleKeys(email, client);
  const { accountClient, client: perClient } = limitersOf(db);
  await accountClient.delete(keys.accountClient);
  await perClient.reward(keys.client, 1);
}
