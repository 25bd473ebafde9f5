// Validation of input about source systems (name, kind, field mapping, trust), shared by the API, the CLI and REST.
import { CANONICAL_FIELDS, isCanonicalField } from "@c360/matching/fields";
import type { sourceKindEnum } from "@c360/db/schema";
import { z } from "zod";

/** Canonical fields a source column may map to: the engine's fields plus the source's own change time. */
export const MAPPABLE_FIELDS = [...CANONICAL_FIELDS, "updated_at"] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export function isMappableField(name: string): name is MappableField {
  return name === "updated_at" || isCanonicalField(name);
}

// Spelled out rather than read from the drizzle enum so client components can import this file without the
// database schema; the type below fails to compile if the two lists drift apart.
export const sourceKinds = ["crm", "billing", "support", "marketing", "ecommerce", "web", "other"] as const;
export type SourceKind = (typeof sourceKinds)[number];
type SameKinds<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sourceKindsMatchSchema: SameKinds<SourceKind, (typeof sourceKindEnum.enumValues)[number]> = true;

/** Lower-case letters, digits, dot, dash, underscore: the name goes into URLs and NATS subjects unescaped. */
export const sourceNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a source name")
  .max(64, "Source names are limited to 64 characters")
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    "A source name uses lower-case letters, digits, '-' and '_' and starts with a letter or digit",
  );

export const fieldMappingSchema = z
  .record(z.string().trim().min(1, "A mapped column needs a name").max(200), z.string().trim())
  .superRefine((mapping, ctx) => {
    for (const [column, field] of Object.entries(mapping)) {
      if (!isMappableField(field)) {
        ctx.addIssue({
          code: "custom",
          path: [column],
          message: `Column "${column}" maps to "${field}", which is not a canonical field; fields: ${MAPPABLE_FIELDS.join(", ")}`,
        });
      }
    }
  });

export const attributeTrustSchema = z
  .record(z.string(), z.number().min(0, "Trust is between 0 and 1").max(1, "Trust is between 0 and 1"))
  .superRefine((trust, ctx) => {
    for (const field of Object.keys(trust)) {
      if (!isMappableField(field))
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `Trust is given per canonical field; "${field}" is not one`,
        });
    }
  });

/** Canonical fields whose values are personal: a column feeding one is masked by it and cannot be declared otherwise. */
const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  "email",
  "phone",
  "dob",
  "street_number",
  "street",
  "address_line2",
  "postcode",
  "national_id",
]);

/**
 * Unmapped columns declared not personal: each a column name, at most once. A column mapped to a personal field
 * (see refineNonPersonalColumns) cannot be one: the mapping already says what it holds.
 */
export const nonPersonalColumnsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1, "A column name cannot be empty")
      .max(200, "Column names are limited to 200 characters"),
    {
      error: "nonPersonalColumns is a list of column names",
    },
  )
  .max(500, "Declare at most 500 columns not personal")
  .transform((columns) => [...new Set(columns)].sort());

/** Refuses a column declared not personal that the mapping sends to a personal field ("SVNR" -> national_id). */
export function personalColumnsAmong(
  columns: readonly string[],
  mapping: Readonly<Record<string, string>>,
): string[] {
  return columns.filter((column) =>
    PERSONAL_FIELDS.has(mapping[column] ?? (PERSONAL_FIELDS.has(column) ? column : "")),
  );
}

export const createSourceInput = z.object({
  name: sourceNameSchema,
  kind: z.enum(sourceKinds).default("other"),
  description: z.string().trim().max(1000).nullish(),
  fieldMapping: fieldMappingSchema.default({}),
  attributeTrust: attributeTrustSchema.default({}),
  nonPersonalColumns: nonPersonalColumnsSchema.default([]),
});
export type CreateSourceInput = z.input<typeof createSourceInput>;

export const updateSourceInput = z.object({
  name: sourceNameSchema,
  kind: z.enum(sourceKinds).optional(),
  description: z.string().trim().max(1000).nullish(),
  fieldMapping: fieldMappingSchema.optional(),
  attributeTrust: attributeTrustSchema.optional(),
  nonPersonalColumns: nonPersonalColumnsSchema.optional(),
});
export type UpdateSourceInput = z.input<typeof updateSourceInput>;

export const sourceNameInput = z.object({ name: sourceNameSchema });

/** A steward's (or admin's) classification of a source's unmapped columns: the whole list, replacing the old one. */
export const setNonPersonalColumnsInput = z.object({
  name: sourceNameSchema,
  columns: nonPersonalColumnsSchema,
});
export type SetNonPersonalColumnsInput = z.input<typeof setNonPersonalColumnsInput>;
