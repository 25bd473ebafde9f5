// CSV import and export of glossary terms. Import never bypasses approval: rows land as drafts or in review, and
// every problem (unknown column, duplicate term, unknown person or term) is reported with its row number.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { glossaryTerms, glossaryTermVersions, users } from "@c360/db/schema";
import { parse } from "csv-parse/sync";
import { writeCsv } from "../csv/write-csv";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import {
  classificationTags,
  importTermsInput,
  slugifyTermName,
  termContent,
  type ImportTermsInput,
  type TermContent,
} from "./glossary-schemas";
import { canReviewTerms, writeTermContent } from "./term-content";

export const TERM_CSV_COLUMNS = [
  "name",
  "definition",
  "synonyms",
  "domain",
  "parent",
  "owner",
  "reviewers",
  "classification",
  "related",
  "status",
] as const;
type Column = (typeof TERM_CSV_COLUMNS)[number];

export interface ImportTermsResult {
  imported: { row: number; name: string; status: "draft" | "in_review" }[];
  errors: { row: number; reason: string }[];
  notes: { row: number; note: string }[];
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(/[;|]/)
    .map((v) => v.trim())
    .filter(Boolean);

export async function exportTermsCsv(db: Database): Promise<string> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.name, t.definition, array_to_string(t.synonyms, '; ') as synonyms, coalesce(t.domain, '') as domain,
               coalesce(p.name, '') as parent, coalesce(o.email, '') as owner,
               coalesce((select string_agg(u.email, '; ' order by u.email) from glossary_term_reviewers r join users u on u.id = r.user_id where r.term_id = t.id), '') as reviewers,
               array_to_string(t.classification, '; ') as classification,
               coalesce((select string_agg(rt.name, '; ' order by rt.name) from glossary_term_relations rel join glossary_terms rt on rt.id = rel.related_term_id
                          where rel.term_id = t.id and rel.kind = 'related'), '') as related,
               t.status::text as status
          from glossary_terms t left join glossary_terms p on p.id = t.parent_id left join users o on o.id = t.owner_id
         order by lower(t.name)`,
  );
  return writeCsv(
    TERM_CSV_COLUMNS,
    rows.map((row) => TERM_CSV_COLUMNS.map((c) => String(row[c] ?? ""))),
  );
}

export async function importTermsCsv(
  db: Database,
  actor: Actor,
  input: ImportTermsInput,
): Promise<ImportTermsResult> {
  const { csv } = parseInput(importTermsInput, input);
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const [header, ...body] = records;
  if (!header) throw new AppError("BAD_REQUEST", "The CSV file is empty.");
  const columns = header.map((h) => h.trim().toLowerCase());
  const result: ImportTermsResult = { imported: [], errors: [], notes: [] };
  const unknown = columns.filter((c) => !(TERM_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) {
    result.errors.push({
      row: 1,
      reason: `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")}; the columns are ${TERM_CSV_COLUMNS.join(", ")}.`,
    });
  }
  if (!columns.includes("name")) result.errors.push({ row: 1, reason: 'The header has no "name" column.' });
  // A header problem would misread every row: report it and store nothing.
  if (result.errors.length) return result;

  const people = await db
    .select({ id: users.id, email: users.email, role: users.role, active: users.active })
    .from(users);
  const emails = new Map(people.map((u) => [u.email.toLowerCase(), u.id] as const));
  const reviewersAble = new Set(people.filter(canReviewTerms).map((u) => u.email.toLowerCase()));
  const existing = new Map(
    (
      await db
        .select({ id: glossaryTerms.id, slug: glossaryTerms.slug, name: glossaryTerms.name })
        .from(glossaryTerms)
    ).map((t) => [t.slug, t] as const),
  );
  const fileSlugs = new Map<string, number>();
  const planned: {
    row: number;
    content: TermContent;
    parent: string | null;
    related: string[];
    status: "draft" | "in_review";
  }[] = [];

  body.forEach((cells, index) => {
    const row = index + 2;
    const cell = (c: Column) => {
      const at = columns.indexOf(c);
      return at >= 0 ? (cells[at] ?? "").trim() : "";
    };
    const problems: string[] = [];
    if (cells.length > columns.length && cells.slice(columns.length).some((v) => v.trim()))
      problems.push(`${cells.length} values for ${columns.length} columns`);
    const name = cell("name");
    const slug = slugifyTermName(name);
    if (!name || !slug) problems.push("name is empty");
    else if (existing.has(slug))
      problems.push(`duplicate term: "${existing.get(slug)!.name}" already exists in the glossary`);
    else if (fileSlugs.has(slug))
      problems.push(`duplicate term: "${name}" is also on row ${fileSlugs.get(slug)}`);
    const ownerEmail = cell("owner").toLowerCase();
    if (ownerEmail && !emails.has(ownerEmail)) problems.push(`owner: no user ${ownerEmail}`);
    const reviewerEmails = list(cell("reviewers")).map((e) => e.toLowerCase());
    for (const e of reviewerEmails) {
      if (!emails.has(e)) problems.push(`reviewers: no user ${e}`);
      else if (!reviewersAble.has(e))
        problems.push(`reviewers: ${e} cannot approve terms (needs glossary:write)`);
    }
    const classification = list(cell("classification"));
    for (const c of classification)
      if (!(classificationTags as readonly string[]).includes(c))
        problems.push(`classification: "${c}" is not one of ${classificationTags.join(", ")}`);
    const statusText = cell("status")
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    let status: "draft" | "in_review" = "draft";
    if (["approved", "in_review", "deprecated"].includes(statusText)) {
      status = "in_review";
      if (statusText !== "in_review")
        result.notes.push({
          row,
          note: `status "${cell("status")}" imported as in review: a second governance lead approves imported terms.`,
        });
    } else if (statusText && statusText !== "draft")
      problems.push(`status: "${cell("status")}" is not one of draft, in_review, approved, deprecated`);
    const parsed = termContent.safeParse({
      name,
      definition: cell("definition"),
      synonyms: list(cell("synonyms")),
      domain: cell("domain") || null,
      ownerId: ownerEmail ? (emails.get(ownerEmail) ?? null) : null,
      classification: classification.filter((c) => (classificationTags as readonly string[]).includes(c)),
      reviewerIds: [...new Set(reviewerEmails.map((e) => emails.get(e)).filter((v): v is string => !!v))],
    });
    if (!parsed.success && name)
      problems.push(...parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
    if (slug && !fileSlugs.has(slug)) fileSlugs.set(slug, row);
    if (problems.length || !parsed.success) {
      result.errors.push({ row, reason: problems.join("; ") });
      return;
    }
    planned.push({
      row,
      content: parsed.data,
      parent: cell("parent") || null,
      related: list(cell("related")),
      status,
    });
  });

  // Parents and related terms may be existing terms or other rows of the same file.
  const known = new Set([...existing.keys(), ...planned.map((p) => slugifyTermName(p.content.name))]);
  const valid = planned.filter((p) => {
    const missing = [p.parent, ...p.related].filter(
      (n): n is string => !!n && !known.has(slugifyTermName(n)),
    );
    if (missing.length)
      result.errors.push({
        row: p.row,
        reason: `parent/related: no term ${missing.map((m) => `"${m}"`).join(", ")} in the glossary or this file`,
      });
    return !missing.length;
  });
  if (!valid.length) {
    result.errors.sort((a, b) => a.row - b.row);
    return result;
  }

  await inTransaction(db, async (tx) => {
    const ids = new Map([...existing.values()].map((t) => [t.slug, t.id] as const));
    for (const p of valid) {
      const [term] = await tx
        .insert(glossaryTerms)
        .values({
          name: p.content.name,
          slug: slugifyTermName(p.content.name),
          status: p.status,
          createdById: actor.userId,
        })
        .returning({ id: glossaryTerms.id });
      ids.set(slugifyTermName(p.content.name), term!.id);
    }
    for (const p of valid) {
      const termId = ids.get(slugifyTermName(p.content.name))!;
      const content: TermContent = {
        ...p.content,
        parentId: p.parent ? (ids.get(slugifyTermName(p.parent)) ?? null) : null,
        relatedTermIds: [
          ...new Set(
            p.related.map((r) => ids.get(slugifyTermName(r))).filter((v): v is string => !!v && v !== termId),
          ),
        ],
      };
      if (content.parentId === termId) content.parentId = null;
      await writeTermContent(tx, termId, content);
      await tx.insert(glossaryTermVersions).values({
        termId,
        version: 1,
        snapshot: content,
        changedById: actor.userId,
        changeNote: `Imported from CSV (row ${p.row})`,
      });
      result.imported.push({ row: p.row, name: p.content.name, status: p.status });
    }
    await recordAudit(tx, actor, {
      action: "glossary.terms_import",
      entityType: "glossary_term",
      details: { imported: result.imported.length, rejected: result.errors.length },
    });
  });
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}
