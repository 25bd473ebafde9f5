// API tokens of sources: issued once, stored only as a SHA-256 hash, checked in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "@c360/db/client";
import { sources } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { notFound } from "../errors";
import { toPublicSource, type PublicSource } from "./manage-sources";
import { sourceNameSchema } from "./source-schemas";
import { parseInput } from "../parse-input";

/** Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Issues a new token for the source, replacing the old one at once. The token is returned here and nowhere
 * else; only its hash is stored.
 */
export async function rotateSourceToken(
  db: Database,
  actor: Actor,
  name: string,
): Promise<{ source: PublicSource; token: string }> {
  const sourceName = parseInput(sourceNameSchema, name);
  const token = `c360_${sourceName}_${randomBytes(32).toString("base64url")}`;
  const [updated] = await db
    .update(sources)
    .set({ apiTokenHash: hashToken(token) })
    .where(eq(sources.name, sourceName))
    .returning();
  if (!updated) throw notFound("Source", sourceName);
  await recordAudit(db, actor, {
    action: "source.rotate_token",
    entityType: "source",
    entityId: updated.id,
    details: { name: sourceName },
  });
  return { source: toPublicSource(updated), token };
}

export type SourceTokenCheck =
  | { ok: true; source: PublicSource }
  /** other_source: the token is valid, for another source (REST answers 403 rather than 401). */
  | { ok: false; reason: "unknown_source" | "no_token" | "wrong_token" | "other_source" };

/**
 * Checks a bearer token against the named source. The comparison is of equal-length digests in constant time,
 * so timing reveals nothing about how much of a guess was right.
 */
export async function authenticateSourceToken(
  db: Database,
  name: string,
  token: string,
): Promise<SourceTokenCheck> {
  const parsed = sourceNameSchema.safeParse(name);
  if (!parsed.success) return { ok: false, reason: "unknown_source" };
  const [row] = await db.select().from(sources).where(eq(sources.name, parsed.data)).limit(1);
  const givenHash = hashToken(token);
  const given = Buffer.from(givenHash, "hex");
  const stored = row?.apiTokenHash ? Buffer.from(row.apiTokenHash, "hex") : null;
  if (row && stored && given.length === stored.length && timingSafeEqual(given, stored))
    return { ok: true, source: toPublicSource(row) };
  // Looking a 256-bit token's hash up by equality leaks nothing useful; it tells "wrong source" from "no access".
  const [other] = await db
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.apiTokenHash, givenHash))
    .limit(1);
  if (other) return { ok: false, reason: "other_source" };
  if (!row) return { ok: false, reason: "unknown_source" };
  return { ok: false, reason: stored ? "wrong_token" : "no_token" };
}
