// Links a term to catalog assets (fields): the term explains them, and its classification flows to them.
import { type Database, inTransaction } from "@c360/db/client";
import { catalogAssets, glossaryTermLinks, glossaryTerms } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { linkTermInput, type LinkTermInput } from "./glossary-schemas";

export async function linkTermToAsset(
  db: Database,
  actor: Actor,
  input: LinkTermInput,
): Promise<{ termId: string; assetId: string }> {
  const data = parseInput(linkTermInput, input);
  return inTransaction(db, async (tx) => {
    const [term] = await tx
      .select({ id: glossaryTerms.id, status: glossaryTerms.status, name: glossaryTerms.name })
      .from(glossaryTerms)
      .where(eq(glossaryTerms.id, data.termId));
    if (!term) throw notFound("Glossary term", data.termId);
    if (term.status === "deprecated")
      throw new AppError("CONFLICT", `"${term.name}" is deprecated; link its replacement instead.`);
    const [asset] = await tx
      .select({ id: catalogAssets.id, qualifiedName: catalogAssets.qualifiedName })
      .from(catalogAssets)
      .where(eq(catalogAssets.id, data.assetId));
    if (!asset) throw notFound("Catalog asset", data.assetId);
    const inserted = await tx
      .insert(glossaryTermLinks)
      .values({ termId: term.id, assetId: asset.id, createdById: actor.userId })
      .onConflictDoNothing()
      .returning({ termId: glossaryTermLinks.termId });
    if (inserted.length) {
      await recordAudit(tx, actor, {
        action: "glossary.term_link",
        entityType: "glossary_term",
        entityId: term.id,
        details: { assetId: asset.id, qualifiedName: asset.qualifiedName },
      });
    }
    return { termId: term.id, assetId: asset.id };
  });
}

export async function unlinkTermFromAsset(
  db: Database,
  actor: Actor,
  input: LinkTermInput,
): Promise<{ termId: string; assetId: string }> {
  const data = parseInput(linkTermInput, input);
  return inTransaction(db, async (tx) => {
    const removed = await tx
      .delete(glossaryTermLinks)
      .where(and(eq(glossaryTermLinks.termId, data.termId), eq(glossaryTermLinks.assetId, data.assetId)))
      .returning({ termId: glossaryTermLinks.termId });
    if (!removed.length) throw new AppError("NOT_FOUND", "That term is not linked to that asset.");
    await recordAudit(tx, actor, {
      action: "glossary.term_unlink",
      entityType: "glossary_term",
      entityId: data.termId,
      details: { assetId: data.assetId },
    });
    return data;
  });
}
