// The approval workflow: submit a draft for review, approve or reject the version in review (never one's own),
// deprecate an approved term.
import { type Database, inTransaction } from "@c360/db/client";
import { glossaryApprovals, glossaryTerms, glossaryTermVersions } from "@c360/db/schema";
import { and, desc, eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import {
  decideTermInput,
  deprecateTermInput,
  termContent,
  termIdInput,
  type DecideTermInput,
  type DeprecateTermInput,
  type TermIdInput,
} from "./glossary-schemas";
import { readTermContent, writeTermContent } from "./term-content";

async function lockTerm(tx: Database, termId: string) {
  const [term] = await tx.select().from(glossaryTerms).where(eq(glossaryTerms.id, termId)).for("update");
  if (!term) throw notFound("Glossary term", termId);
  return term;
}

export async function submitTerm(
  db: Database,
  actor: Actor,
  input: TermIdInput,
): Promise<{ termId: string; status: "in_review" }> {
  const { termId } = parseInput(termIdInput, input);
  return inTransaction(db, async (tx) => {
    const term = await lockTerm(tx, termId);
    if (term.status !== "draft")
      throw new AppError(
        "CONFLICT",
        `"${term.name}" is ${term.status.replace("_", " ")}; only a draft is submitted for review.`,
      );
    await tx.update(glossaryTerms).set({ status: "in_review" }).where(eq(glossaryTerms.id, termId));
    await recordAudit(tx, actor, {
      action: "glossary.term_submit",
      entityType: "glossary_term",
      entityId: termId,
      details: { version: term.currentVersion },
    });
    return { termId, status: "in_review" as const };
  });
}

export async function decideTerm(
  db: Database,
  actor: Actor,
  input: DecideTermInput,
): Promise<{ termId: string; version: number; status: "approved" | "draft" }> {
  const data = parseInput(decideTermInput, input);
  const reviewerId = actor.userId;
  if (!reviewerId)
    throw new AppError(
      "FORBIDDEN",
      "Only a signed-in governance lead reviews a term: the decision names its reviewer.",
    );
  return inTransaction(db, async (tx) => {
    const term = await lockTerm(tx, data.termId);
    if (term.status !== "in_review") {
      throw new AppError(
        "CONFLICT",
        `"${term.name}" is ${term.status.replace("_", " ")}; only a term in review is approved or rejected.`,
      );
    }
    const [proposal] = await tx
      .select()
      .from(glossaryTermVersions)
      .where(eq(glossaryTermVersions.termId, term.id))
      .orderBy(desc(glossaryTermVersions.version))
      .limit(1);
    if (!proposal) throw new AppError("CONFLICT", `"${term.name}" has no version to review.`);
    if (proposal.changedById === reviewerId) {
      throw new AppError(
        "FORBIDDEN",
        `You proposed version ${proposal.version} of "${term.name}"; another governance lead must review it.`,
      );
    }
    const content = termContent.parse(proposal.snapshot);
    const current = await readTermContent(tx, term.id);
    const reviewers = new Set([...content.reviewerIds, ...(current?.reviewerIds ?? [])]);
    if (reviewers.size && !reviewers.has(reviewerId)) {
      throw new AppError("FORBIDDEN", `"${term.name}" names its reviewers and you are not one of them.`);
    }
    await tx.insert(glossaryApprovals).values({
      termId: term.id,
      version: proposal.version,
      reviewerId,
      decision: data.decision,
      comment: data.comment ?? null,
    });
    let status: "approved" | "draft";
    if (data.decision === "approved") {
      await writeTermContent(tx, term.id, content);
      await tx
        .update(glossaryTerms)
        .set({ status: "approved", currentVersion: proposal.version })
        .where(eq(glossaryTerms.id, term.id));
      status = "approved";
    } else {
      // A rejected change to an approved term leaves the approved text in force; a rejected new term goes back to draft.
      const [everApproved] = await tx
        .select({ id: glossaryApprovals.id })
        .from(glossaryApprovals)
        .where(and(eq(glossaryApprovals.termId, term.id), eq(glossaryApprovals.decision, "approved")))
        .limit(1);
      status = everApproved ? "approved" : "draft";
      await tx.update(glossaryTerms).set({ status }).where(eq(glossaryTerms.id, term.id));
    }
    await recordAudit(tx, actor, {
      action: data.decision === "approved" ? "glossary.term_approve" : "glossary.term_reject",
      entityType: "glossary_term",
      entityId: term.id,
      details: { version: proposal.version, status },
    });
    return { termId: term.id, version: proposal.version, status };
  });
}

export async function deprecateTerm(
  db: Database,
  actor: Actor,
  input: DeprecateTermInput,
): Promise<{ termId: string; status: "deprecated" }> {
  const data = parseInput(deprecateTermInput, input);
  return inTransaction(db, async (tx) => {
    const term = await lockTerm(tx, data.termId);
    if (term.status !== "approved") {
      throw new AppError(
        "CONFLICT",
        `"${term.name}" is ${term.status.replace("_", " ")}; only an approved term is deprecated (reject a proposal instead).`,
      );
    }
    await tx.update(glossaryTerms).set({ status: "deprecated" }).where(eq(glossaryTerms.id, term.id));
    await recordAudit(tx, actor, {
      action: "glossary.term_deprecate",
      entityType: "glossary_term",
      entityId: term.id,
      details: { reason: data.reason },
    });
    return { termId: term.id, status: "deprecated" as const };
  });
}
