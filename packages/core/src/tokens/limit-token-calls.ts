// The rate limit of agent calls per personal access token, counted in the database so the portal's processes and
// every `c360 mcp` share one budget (rate-limiter-flexible's drizzle store, as the identifier-lookup limit).
import type { Database } from "@c360/db/client";
import { rateLimitCounters } from "@c360/db/schema";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors";

/** Tool calls one token may make per minute: a conversation needs a few dozen; a scraper is stopped. */
export const TOKEN_CALLS_PER_MINUTE = 120;

const limiters = new WeakMap<Database, Map<number, RateLimiterDrizzle>>();

function limiterOf(db: Database, perMinute: number): RateLimiterDrizzle {
  let byPoints = limiters.get(db);
  if (!byPoints) limiters.set(db, (byPoints = new Map()));
  let limiter = byPoints.get(perMinute);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimitCounters,
      keyPrefix: `access-token-calls-${perMinute}`,
      points: perMinute,
      duration: 60,
      clearExpiredByTimeout: false,
    });
    byPoints.set(perMinute, limiter);
  }
  return limiter;
}

/** Spends one call of the token's budget, or refuses with TOO_MANY_REQUESTS and the seconds to wait. */
export async function consumeTokenCall(
  db: Database,
  tokenId: string,
  perMinute = TOKEN_CALLS_PER_MINUTE,
): Promise<void> {
  try {
    await limiterOf(db, perMinute).consume(tokenId);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `This token has made ${perMinute} calls in the last minute, the most allowed. Wait ${seconds} s and retry.`,
      { retryAfterSeconds: seconds, limitPerMinute: perMinute },
    );
  }
}
