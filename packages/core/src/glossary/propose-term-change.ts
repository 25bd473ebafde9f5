// Proposes a change to a term as a new version. A draft changes in place; an approved term keeps showing its
// approved content until a second governance lead approves the proposal.
import { type Database, inTransaction } from "@c360/db/client";
import { glossaryTerms, glossaryTermVersions } from "@c360/db/schema";
import { eq, max } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { proposeTermChangeInput, type ProposeTermChangeInput, type TermContent } from "./glossary-schemas";
import { checkTermContent, diffTermContent, readTermContent, writeTermContent } from "./term-content";

export async function proposeTermChange(
  db: Database,
  actor: Actor,
  input: ProposeTermChangeInput,
): Promise<{ termId: string; version: number; status: string }> {
  const data = parseInput(proposeTermChangeInput, input);
  return inTransaction(db, async (tx) => {
    const [term] = await tx
      .select()
      .from(glossaryTerms)
      .where(eq(glossaryTerms.id, data.termId))
      .for("update");
    if (!term) throw notFound("Glossary term", data.termId);
    if (term.status === "deprecated") {
      throw new AppError(
        "CONFLICT",
        `"${term.name}" is deprecated and no longer changes; propose a new term instead.`,
      );
    }
    if (term.status === "in_review") {
      throw new AppError(
        "CONFLICT",
        `A change to "${term.name}" is already in review; approve or reject it before proposing another.`,
      );
    }
    const base = (await readTermContent(tx, term.id))!;
    const defined = Object.fromEntries(
      Object.entries(data.changes).filter(([, v]) => v !== undefined),
    ) as Partial<TermContent>;
    const next: TermContent = { ...base, ...defined };
    const changes = diffTermContent(base, next);
    if (!changes.length)
      throw new AppError("BAD_REQUEST", "changes: nothing differs from the current version.");
    await checkTermContent(tx, term.id, next);
    const [latest] = await tx
      .select({ version: max(glossaryTermVersions.version) })
      .from(glossaryTermVersions)
      .where(eq(glossaryTermVersions.termId, term.id));
    const version = (latest?.version ?? 0) + 1;
    await tx.insert(glossaryTermVersions).values({
      termId: term.id,
      version,
      snapshot: next,
      changedById: actor.userId,
      changeNote: data.changeNote ?? null,
    });
    let status: "draft" | "in_review";
    if (term.status === "draft") {
      // Nothing approved yet, so readers see the draft as it is written.
      await writeTermContent(tx, term.id, next);
      status = data.submit ? "in_review" : "draft";
      await tx
        .update(glossaryTerms)
        .set({ currentVersion: version, status })
        .where(eq(glossaryTerms.id, term.id));
    } else {
      // An approved term's change always goes to review: the approved text stays in place until then.
      status = "in_review";
      await tx.update(glossaryTerms).set({ status }).where(eq(glossaryTerms.id, term.id));
    }
    await recordAudit(tx, actor, {
      action: "glossary.term_propose",
      entityType: "glossary_term",
      entityId: term.id,
      details: { version, status, fields: changes.map((c) => c.field) },
    });
    return { termId: term.id, version, status };
  });
}
