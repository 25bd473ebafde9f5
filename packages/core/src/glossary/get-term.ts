// One term with everything its page shows: content, people, hierarchy, links, and every version with its diff.
import type { Database } from "@c360/db/client";
import {
  catalogAssets,
  glossaryApprovals,
  glossaryTermLinks,
  glossaryTerms,
  glossaryTermVersions,
  users,
} from "@c360/db/schema";
import { asc, eq, inArray, or } from "drizzle-orm";
import { notFound } from "../errors";
import { termContent, type TermContent, type TermStatus } from "./glossary-schemas";
import { diffTermContent, readTermContent, type FieldChange } from "./term-content";

export interface TermVersionView {
  version: number;
  changedBy: string | null;
  changedById: string | null;
  changeNote: string | null;
  createdAt: Date;
  changes: FieldChange[];
  decisions: { reviewer: string; decision: "approved" | "rejected"; comment: string | null; at: Date }[];
}

export interface TermView {
  id: string;
  name: string;
  slug: string;
  status: TermStatus;
  currentVersion: number;
  content: TermContent;
  /** The version in review, when a change is waiting for a second governance lead. */
  pendingVersion: number | null;
  owner: { id: string; email: string; name: string } | null;
  reviewers: { id: string; email: string; name: string }[];
  parent: { id: string; name: string; slug: string } | null;
  children: { id: string; name: string; slug: string; status: TermStatus }[];
  related: { id: string; name: string; slug: string }[];
  links: { assetId: string; qualifiedName: string; name: string; kind: string }[];
  versions: TermVersionView[];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getTerm(db: Database, idOrSlug: string): Promise<TermView> {
  const [term] = await db
    .select()
    .from(glossaryTerms)
    .where(
      uuidPattern.test(idOrSlug)
        ? or(eq(glossaryTerms.id, idOrSlug), eq(glossaryTerms.slug, idOrSlug))
        : eq(glossaryTerms.slug, idOrSlug),
    );
  if (!term) throw notFound("Glossary term", idOrSlug);
  const content = (await readTermContent(db, term.id))!;
  const versions = await db
    .select()
    .from(glossaryTermVersions)
    .where(eq(glossaryTermVersions.termId, term.id))
    .orderBy(asc(glossaryTermVersions.version));
  const approvals = await db
    .select()
    .from(glossaryApprovals)
    .where(eq(glossaryApprovals.termId, term.id))
    .orderBy(asc(glossaryApprovals.at));
  const userIds = [
    ...new Set(
      [
        content.ownerId,
        ...content.reviewerIds,
        ...versions.map((v) => v.changedById),
        ...approvals.map((a) => a.reviewerId),
      ].filter((v): v is string => !!v),
    ),
  ];
  const people = userIds.length
    ? await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(inArray(users.id, userIds))
    : [];
  const person = (id: string | null) => people.find((p) => p.id === id) ?? null;
  const termIds = [...new Set([content.parentId, ...content.relatedTermIds].filter((v): v is string => !!v))];
  const otherTerms = termIds.length
    ? await db
        .select({ id: glossaryTerms.id, name: glossaryTerms.name, slug: glossaryTerms.slug })
        .from(glossaryTerms)
        .where(inArray(glossaryTerms.id, termIds))
    : [];
  const children = await db
    .select({
      id: glossaryTerms.id,
      name: glossaryTerms.name,
      slug: glossaryTerms.slug,
      status: glossaryTerms.status,
    })
    .from(glossaryTerms)
    .where(eq(glossaryTerms.parentId, term.id))
    .orderBy(asc(glossaryTerms.name));
  const links = await db
    .select({
      assetId: catalogAssets.id,
      qualifiedName: catalogAssets.qualifiedName,
      name: catalogAssets.name,
      kind: catalogAssets.kind,
    })
    .from(glossaryTermLinks)
    .innerJoin(catalogAssets, eq(catalogAssets.id, glossaryTermLinks.assetId))
    .where(eq(glossaryTermLinks.termId, term.id))
    .orderBy(asc(catalogAssets.qualifiedName));
  // History shows people by email and terms by name, not by id.
  const snapshots = versions.map((v) => termContent.parse(v.snapshot));
  const historyUserIds = [
    ...new Set(
      snapshots
        .flatMap((c) => [c.ownerId, ...c.reviewerIds])
        .filter((v): v is string => !!v && !people.some((p) => p.id === v)),
    ),
  ];
  if (historyUserIds.length)
    people.push(
      ...(await db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(inArray(users.id, historyUserIds))),
    );
  const historyTermIds = [
    ...new Set(snapshots.flatMap((c) => [c.parentId, ...c.relatedTermIds]).filter((v): v is string => !!v)),
  ];
  const termNames = new Map(
    (historyTermIds.length
      ? await db
          .select({ id: glossaryTerms.id, name: glossaryTerms.name })
          .from(glossaryTerms)
          .where(inArray(glossaryTerms.id, historyTermIds))
      : []
    ).map((t) => [t.id, t.name] as const),
  );
  const readable = (change: FieldChange): FieldChange => {
    const label = (id: unknown) =>
      typeof id !== "string"
        ? id
        : change.field === "ownerId" || change.field === "reviewerIds"
          ? (person(id)?.email ?? id)
          : (termNames.get(id) ?? id);
    if (!["ownerId", "reviewerIds", "parentId", "relatedTermIds"].includes(change.field)) return change;
    const map = (value: unknown) => (Array.isArray(value) ? value.map(label) : label(value));
    return { ...change, before: map(change.before), after: map(change.after) };
  };
  const latest = versions.at(-1);
  let previous: TermContent | null = null;
  const versionViews = versions.map((v) => {
    const snapshot = termContent.parse(v.snapshot);
    const view: TermVersionView = {
      version: v.version,
      changedBy: person(v.changedById)?.email ?? null,
      changedById: v.changedById,
      changeNote: v.changeNote,
      createdAt: v.createdAt,
      changes: diffTermContent(previous, snapshot).map(readable),
      decisions: approvals
        .filter((a) => a.version === v.version)
        .map((a) => ({
          reviewer: person(a.reviewerId)?.email ?? a.reviewerId,
          decision: a.decision,
          comment: a.comment,
          at: a.at,
        })),
    };
    // Only approved versions (and drafts before any approval) are the base the next diff is read against.
    if (!view.decisions.some((d) => d.decision === "rejected")) previous = snapshot;
    return view;
  });
  return {
    id: term.id,
    name: term.name,
    slug: term.slug,
    status: term.status,
    currentVersion: term.currentVersion,
    content,
    pendingVersion: term.status === "in_review" && latest ? latest.version : null,
    owner: person(content.ownerId),
    reviewers: content.reviewerIds.map((id) => person(id)).filter((p): p is NonNullable<typeof p> => !!p),
    parent: otherTerms.find((t) => t.id === content.parentId) ?? null,
    children,
    related: otherTerms.filter((t) => content.relatedTermIds.includes(t.id)),
    links,
    versions: versionViews.reverse(),
  };
}
