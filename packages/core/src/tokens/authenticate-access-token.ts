// Checks a personal access token on every call: known hash, not revoked, not expired, its user active. The actor
// is built from the user's role as it is now, so a changed role or a disabled account takes effect at once.
import { timingSafeEqual } from "node:crypto";
import type { Database } from "@c360/db/client";
import { accessTokens, users } from "@c360/db/schema";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { userActor, type Actor } from "../actor";
import { ACCESS_TOKEN_PREFIX, hashAccessToken } from "./manage-access-tokens";
import type { AccessTokenScope } from "./access-token-schemas";

export interface TokenCaller {
  actor: Actor;
  token: { id: string; name: string; scope: AccessTokenScope };
}

export type AccessTokenCheck =
  | ({ ok: true } & TokenCaller)
  | { ok: false; reason: "malformed" | "unknown" | "revoked" | "expired" | "user_inactive" };

/** How often last use is written: at most once a minute per token, so a busy agent does not write on every call. */
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

export async function authenticateAccessToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<AccessTokenCheck> {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX) || token.length > 200) return { ok: false, reason: "malformed" };
  const givenHash = hashAccessToken(token);
  const [row] = await db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      scope: accessTokens.scope,
      tokenHash: accessTokens.tokenHash,
      expiresAt: accessTokens.expiresAt,
      revokedAt: accessTokens.revokedAt,
      userId: users.id,
      email: users.email,
      userName: users.name,
      role: users.role,
      active: users.active,
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.tokenHash, givenHash))
    .limit(1);
  // The index finds the row by its hash; the digests are still compared in constant time.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(givenHash, "hex")))
    return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  if (!row.active) return { ok: false, reason: "user_inactive" };
  await db
    .update(accessTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(accessTokens.id, row.id),
        or(
          isNull(accessTokens.lastUsedAt),
          lt(accessTokens.lastUsedAt, sql`${now.toISOString()}::timestamptz - ${LAST_USED_RESOLUTION}`),
        ),
      ),
    );
  return {
    ok: true,
    actor: { ...userActor({ id: row.userId, email: row.email, role: row.role }), name: row.userName },
    token: { id: row.id, name: row.name, scope: row.scope },
  };
}

/** What each refusal tells the caller: enough to act on, nothing about other users' tokens. */
export const accessTokenRefusals: Record<Exclude<AccessTokenCheck, { ok: true }>["reason"], string> = {
  malformed: `This is not a c360 personal access token (they start with ${ACCESS_TOKEN_PREFIX}).`,
  unknown:
    "This access token is not known. Create one on your account page (/account) or with `c360 tokens create`.",
  revoked: "This access token was revoked by its owner. Create a new one on your account page.",
  expired: "This access token has expired. Create a new one on your account page.",
  user_inactive: "The account this access token belongs to is disabled.",
};
