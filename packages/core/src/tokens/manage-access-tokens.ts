// Personal access tokens: created by a user for their own agents, shown once, stored as a SHA-256 hash, listed with
// their last use, revoked by their owner. A token never carries more than its user's role (checked on every call).
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@c360/db/client";
import { accessTokens, users } from "@c360/db/schema";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { emailSchema } from "../users/user-schemas";
import {
  createAccessTokenInput,
  revokeAccessTokenInput,
  type AccessTokenScope,
  type CreateAccessTokenInput,
  type RevokeAccessTokenInput,
} from "./access-token-schemas";

/** What a token's owner sees of it: never the token or its hash. */
export interface PublicAccessToken {
  id: string;
  name: string;
  scope: AccessTokenScope;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** active, expired or revoked, at the time of reading. */
  state: "active" | "expired" | "revoked";
}

export const ACCESS_TOKEN_PREFIX = "c360_pat_";

/** Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force (as source tokens). */
export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function requireUser(actor: Actor): string {
  if (actor.kind !== "user" || !actor.userId)
    throw new AppError("FORBIDDEN", "Only a signed-in user has personal access tokens.");
  return actor.userId;
}

export function toPublicAccessToken(
  row: typeof accessTokens.$inferSelect,
  now = new Date(),
): PublicAccessToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    state: row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "active",
  };
}

/** Creates a token for the acting user. The token is returned here and nowhere else; only its hash is stored. */
export async function createAccessToken(
  db: Database,
  actor: Actor,
  input: CreateAccessTokenInput,
  now = new Date(),
): Promise<{ token: string; accessToken: PublicAccessToken }> {
  return issueAccessToken(db, actor, requireUser(actor), input, now);
}

/**
 * Creates a token for the user with this email, issued by an operator (`c360 tokens create`, the system actor):
 * the audit entry names both. A disabled account gets none.
 */
export async function createAccessTokenForEmail(
  db: Database,
  issuer: Actor,
  email: string,
  input: CreateAccessTokenInput,
  now = new Date(),
): Promise<{ token: string; accessToken: PublicAccessToken; user: { id: string; email: string } }> {
  const address = parseInput(emailSchema, email);
  const [user] = await db
    .select({ id: users.id, email: users.email, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${address}`)
    .limit(1);
  if (!user) throw new AppError("NOT_FOUND", `email: no user has the email ${address}.`);
  if (!user.active) throw new AppError("PRECONDITION_FAILED", `email: the account ${address} is disabled.`);
  const issued = await issueAccessToken(db, issuer, user.id, input, now);
  return { ...issued, user: { id: user.id, email: user.email } };
}

async function issueAccessToken(
  db: Database,
  actor: Actor,
  userId: string,
  input: CreateAccessTokenInput,
  now: Date,
): Promise<{ token: string; accessToken: PublicAccessToken }> {
  const data = parseInput(createAccessTokenInput, input);
  const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + data.days * 86_400_000);
  const live = await db
    .select({ name: accessTokens.name })
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)));
  if (live.some((row) => row.name.toLowerCase() === data.name.toLowerCase()))
    throw new AppError(
      "CONFLICT",
      `name: you already have a token named "${data.name}"; revoke it or choose another name.`,
      { fieldErrors: { name: ["A live token already has this name."] } },
    );
  const [row] = await db
    .insert(accessTokens)
    .values({ userId, name: data.name, scope: data.scope, tokenHash: hashAccessToken(token), expiresAt })
    .returning();
  await recordAudit(db, actor, {
    action: "access_token.create",
    entityType: "access_token",
    entityId: row!.id,
    details: { name: data.name, scope: data.scope, expiresAt: expiresAt.toISOString(), ownerUserId: userId },
  });
  return { token, accessToken: toPublicAccessToken(row!, now) };
}

/** The acting user's own tokens, newest first, with their last use. */
export async function listAccessTokens(db: Database, actor: Actor): Promise<PublicAccessToken[]> {
  const userId = requireUser(actor);
  const rows = await db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.userId, userId))
    .orderBy(desc(accessTokens.createdAt))
    .limit(200);
  const now = new Date();
  return rows.map((row) => toPublicAccessToken(row, now));
}

/** Revokes one of the acting user's own tokens at once (another user's token is "not found", as if absent). */
export async function revokeAccessToken(
  db: Database,
  actor: Actor,
  input: RevokeAccessTokenInput,
): Promise<PublicAccessToken> {
  const userId = requireUser(actor);
  const data = parseInput(revokeAccessTokenInput, input);
  const [row] = await db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.id, data.tokenId), eq(accessTokens.userId, userId)));
  if (!row) throw notFound("Access token", data.tokenId);
  if (row.revokedAt) return toPublicAccessToken(row);
  const [revoked] = await db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(eq(accessTokens.id, row.id))
    .returning();
  await recordAudit(db, actor, {
    action: "access_token.revoke",
    entityType: "access_token",
    entityId: row.id,
    details: { name: row.name },
  });
  return toPublicAccessToken(revoked!);
}
