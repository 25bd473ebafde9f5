// Inputs of the glossary: terms, their proposals and reviews, links to catalog fields, search and CSV import.
import { z } from "zod";

export const termStatuses = ["draft", "in_review", "approved", "deprecated"] as const;
export type TermStatus = (typeof termStatuses)[number];

/** Classification tags a term carries to the catalog fields linked to it. */
export const classificationTags = ["PII", "sensitive", "confidential", "public"] as const;
export type ClassificationTag = (typeof classificationTags)[number];

const id = z.uuid();
const name = z
  .string({ error: "Give the term a name." })
  .trim()
  .min(1, "Give the term a name.")
  .max(200, "Keep the name under 200 characters.")
  .refine((value) => /[a-z0-9]/i.test(value), "The name needs at least one letter or digit.");
const definition = z.string().trim().max(10_000, "Keep the definition under 10,000 characters.");
const synonyms = z.array(z.string().trim().min(1).max(200)).max(50);
const domain = z.string().trim().max(100).nullable();
const classification = z
  .array(z.enum(classificationTags, { error: `Use one of ${classificationTags.join(", ")}.` }))
  .max(10);
const changeNote = z.string().trim().max(2000).optional();

/** The editable content of a term: what a version snapshot holds. */
export const termContent = z.object({
  name,
  definition: definition.default(""),
  synonyms: synonyms.default([]),
  domain: domain.default(null),
  parentId: id.nullable().default(null),
  ownerId: id.nullable().default(null),
  classification: classification.default([]),
  reviewerIds: z.array(id).max(20).default([]),
  relatedTermIds: z.array(id).max(50).default([]),
});
export type TermContent = z.output<typeof termContent>;

export const createTermInput = termContent.extend({
  /** Send straight to review instead of keeping a draft. */
  submit: z.boolean().default(false),
  changeNote,
});
export type CreateTermInput = z.input<typeof createTermInput>;

/** The same fields without defaults: a field left out of a change keeps its value. */
const termChanges = z.object({
  name: name.optional(),
  definition: definition.optional(),
  synonyms: synonyms.optional(),
  domain: domain.optional(),
  parentId: id.nullable().optional(),
  ownerId: id.nullable().optional(),
  classification: classification.optional(),
  reviewerIds: z.array(id).max(20).optional(),
  relatedTermIds: z.array(id).max(50).optional(),
});

export const proposeTermChangeInput = z.object({
  termId: id,
  /** The fields that change; the others keep the latest version's values. */
  changes: termChanges,
  submit: z.boolean().default(true),
  changeNote,
});
export type ProposeTermChangeInput = z.input<typeof proposeTermChangeInput>;

export const termIdInput = z.object({ termId: id });
export type TermIdInput = z.input<typeof termIdInput>;

export const decideTermInput = z.object({
  termId: id,
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().trim().max(2000).optional(),
});
export type DecideTermInput = z.input<typeof decideTermInput>;

export const deprecateTermInput = z.object({
  termId: id,
  reason: z
    .string({ error: "Say why the term is deprecated, and what to use instead." })
    .trim()
    .min(1, "Say why the term is deprecated, and what to use instead.")
    .max(2000),
});
export type DeprecateTermInput = z.input<typeof deprecateTermInput>;

export const listTermsInput = z.object({
  query: z.string().trim().max(200).optional(),
  status: z.enum(termStatuses).optional(),
  domain: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});
export type ListTermsInput = z.input<typeof listTermsInput>;

export const termRefInput = z.object({ idOrSlug: z.string().trim().min(1).max(200) });

export const linkTermInput = z.object({ termId: id, assetId: id });
export type LinkTermInput = z.input<typeof linkTermInput>;

export const importTermsInput = z.object({
  csv: z.string().min(1, "The CSV file is empty.").max(5_000_000, "Split the CSV: keep it under 5 MB."),
});
export type ImportTermsInput = z.input<typeof importTermsInput>;

/** Lower-case, dash-separated; the term's address in URLs. */
export function slugifyTermName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
