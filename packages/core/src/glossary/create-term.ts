// Proposes a new glossary term: it starts as a draft (or goes straight to review) and is version 1 of its history.
import { type Database, inTransaction } from "@c360/db/client";
import { glossaryTerms, glossaryTermVersions } from "@c360/db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../parse-input";
import { createTermInput, slugifyTermName, type CreateTermInput } from "./glossary-schemas";
import { checkTermContent, writeTermContent } from "./term-content";

export async function createTerm(
  db: Database,
  actor: Actor,
  input: CreateTermInput,
): Promise<{ id: string; slug: string; status: string }> {
  const { submit, changeNote, ...content } = parseInput(createTermInput, input);
  return inTransaction(db, async (tx) => {
    await checkTermContent(tx, null, content);
    const status = submit ? "in_review" : "draft";
    const [term] = await tx
      .insert(glossaryTerms)
      .values({
        name: content.name,
        slug: slugifyTermName(content.name),
        status,
        currentVersion: 1,
        createdById: actor.userId,
      })
      .returning({ id: glossaryTerms.id, slug: glossaryTerms.slug });
    await writeTermContent(tx, term!.id, content);
    await tx.insert(glossaryTermVersions).values({
      termId: term!.id,
      version: 1,
      snapshot: content,
      changedById: actor.userId,
      changeNote: changeNote ?? "Proposed",
    });
    await recordAudit(tx, actor, {
      action: "glossary.term_create",
      entityType: "glossary_term",
      entityId: term!.id,
      details: { name: content.name, status },
    });
    return { id: term!.id, slug: term!.slug, status };
  });
}
