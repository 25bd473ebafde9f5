// A term's editable content: read it, check it, write it, and compare two versions of it field by field.
import type { Database } from "@c360/db/client";
import { glossaryTermRelations, glossaryTermReviewers, glossaryTerms, users } from "@c360/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import { roleHas, type Role } from "@c360/auth/permissions";
import { AppError } from "../errors";
import { queryRows } from "@c360/db/client";
import { slugifyTermName, type TermContent } from "./glossary-schemas";

export async function readTermContent(db: Database, termId: string): Promise<TermContent | null> {
  const [term] = await db.select().from(glossaryTerms).where(eq(glossaryTerms.id, termId));
  if (!term) return null;
  const reviewers = await db
    .select({ userId: glossaryTermReviewers.userId })
    .from(glossaryTermReviewers)
    .where(eq(glossaryTermReviewers.termId, termId));
  const related = await db
    .select({ relatedTermId: glossaryTermRelations.relatedTermId })
    .from(glossaryTermRelations)
    .where(and(eq(glossaryTermRelations.termId, termId), eq(glossaryTermRelations.kind, "related")));
  return {
    name: term.name,
    definition: term.definition,
    synonyms: term.synonyms,
    domain: term.domain,
    parentId: term.parentId,
    ownerId: term.ownerId,
    classification: term.classification as TermContent["classification"],
    reviewerIds: reviewers.map((r) => r.userId).sort(),
    relatedTermIds: related.map((r) => r.relatedTermId).sort(),
  };
}

/** Whether a user may review glossary terms: an active account whose role holds glossary:write. */
export function canReviewTerms(user: { role: Role; active: boolean }): boolean {
  return user.active && roleHas(user.role, "glossary:write");
}

/**
 * Refuses content that points at missing users or terms, at itself, or makes the hierarchy a loop, and reviewers who
 * could never approve (no glossary:write, or disabled): a term naming only such reviewers could never be approved.
 */
export async function checkTermContent(
  db: Database,
  termId: string | null,
  content: TermContent,
): Promise<void> {
  const userIds = [...new Set([content.ownerId, ...content.reviewerIds].filter((v): v is string => !!v))];
  if (userIds.length) {
    const found = await db
      .select({ id: users.id, email: users.email, role: users.role, active: users.active })
      .from(users)
      .where(inArray(users.id, userIds));
    const missing = userIds.filter((u) => !found.some((f) => f.id === u));
    if (missing.length)
      throw new AppError("BAD_REQUEST", `ownerId/reviewerIds: no user ${missing.join(", ")}.`, {
        field: "reviewerIds",
      });
    const unable = found.filter((user) => content.reviewerIds.includes(user.id) && !canReviewTerms(user));
    if (unable.length)
      throw new AppError(
        "BAD_REQUEST",
        `reviewerIds: ${unable.map((u) => u.email).join(", ")} cannot approve terms (a reviewer needs the glossary:write permission and an active account); choose a governance lead.`,
        { field: "reviewerIds" },
      );
  }
  const termIds = [...new Set([content.parentId, ...content.relatedTermIds].filter((v): v is string => !!v))];
  if (termId && termIds.includes(termId)) {
    throw new AppError(
      "BAD_REQUEST",
      "parentId/relatedTermIds: a term cannot be its own parent or related term.",
      { field: "parentId" },
    );
  }
  if (termIds.length) {
    const found = await db
      .select({ id: glossaryTerms.id })
      .from(glossaryTerms)
      .where(inArray(glossaryTerms.id, termIds));
    const missing = termIds.filter((t) => !found.some((f) => f.id === t));
    if (missing.length)
      throw new AppError("BAD_REQUEST", `parentId/relatedTermIds: no term ${missing.join(", ")}.`, {
        field: "relatedTermIds",
      });
  }
  if (termId && content.parentId) {
    // Walk up from the new parent; meeting the term itself means the hierarchy would loop.
    const ancestors = await queryRows<{ id: string }>(
      db,
      sql`with recursive up(id, parent_id, path) as (
            select id, parent_id, array[id] from glossary_terms where id = ${content.parentId}
            union all
            select t.id, t.parent_id, up.path || t.id from glossary_terms t join up on t.id = up.parent_id
            where not t.id = any(up.path)
          ) select id::text as id from up`,
    );
    if (ancestors.some((a) => a.id === termId)) {
      throw new AppError(
        "BAD_REQUEST",
        "parentId: that parent sits below this term; the hierarchy cannot loop.",
        { field: "parentId" },
      );
    }
  }
  const slug = slugifyTermName(content.name);
  const [clash] = await db
    .select({ id: glossaryTerms.id, name: glossaryTerms.name })
    .from(glossaryTerms)
    .where(eq(glossaryTerms.slug, slug));
  if (clash && clash.id !== termId) {
    throw new AppError("CONFLICT", `name: a term called "${clash.name}" already exists.`, {
      field: "name",
      termId: clash.id,
    });
  }
}

/** Writes content onto the term row, its reviewers and its related terms (the readers' view of the term). */
export async function writeTermContent(db: Database, termId: string, content: TermContent): Promise<void> {
  await db
    .update(glossaryTerms)
    .set({
      name: content.name,
      slug: slugifyTermName(content.name),
      definition: content.definition,
      synonyms: content.synonyms,
      domain: content.domain,
      parentId: content.parentId,
      ownerId: content.ownerId,
      classification: content.classification,
    })
    .where(eq(glossaryTerms.id, termId));
  await db.delete(glossaryTermReviewers).where(eq(glossaryTermReviewers.termId, termId));
  if (content.reviewerIds.length) {
    await db.insert(glossaryTermReviewers).values(content.reviewerIds.map((userId) => ({ termId, userId })));
  }
  await db
    .delete(glossaryTermRelations)
    .where(and(eq(glossaryTermRelations.termId, termId), eq(glossaryTermRelations.kind, "related")));
  if (content.relatedTermIds.length) {
    await db
      .insert(glossaryTermRelations)
      .values(
        content.relatedTermIds.map((relatedTermId) => ({ termId, relatedTermId, kind: "related" as const })),
      );
  }
}

export interface FieldChange {
  field: keyof TermContent;
  before: unknown;
  after: unknown;
}

const contentFields: (keyof TermContent)[] = [
  "name",
  "definition",
  "synonyms",
  "domain",
  "parentId",
  "ownerId",
  "classification",
  "reviewerIds",
  "relatedTermIds",
];

/** The fields that differ between two versions, in a fixed order; lists compare as sets. */
export function diffTermContent(
  before: Partial<TermContent> | null,
  after: Partial<TermContent>,
): FieldChange[] {
  // An empty list, an empty text and no value at all read the same: a new term's diff lists only what it says.
  const normalize = (value: unknown) =>
    Array.isArray(value)
      ? value.length
        ? JSON.stringify([...(value as string[])].sort())
        : "null"
      : JSON.stringify(value === "" ? null : (value ?? null));
  return contentFields
    .filter((field) => normalize(before?.[field]) !== normalize(after[field]))
    .map((field) => ({ field, before: before?.[field] ?? null, after: after[field] ?? null }));
}
