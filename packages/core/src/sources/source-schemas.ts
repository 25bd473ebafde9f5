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

export const createSourceInput = z.object({
  name: sourceNameSchema,
  kind: z.enum(sourceKinds).default("other"),
  description: z.string().trim().max(1000).nullish(),
  fieldMapping: fieldMappingSchema.default({}),
  attributeTrust: attributeTrustSchema.default({}),
});
export type CreateSourceInput = z.input<typeof createSourceInput>;

export const updateSourceInput = z.object({
  name: sourceNameSchema,
  kind: z.enum(sourceKinds).optional(),
  description: z.string().trim().max(1000).nullish(),
  fieldMapping: fieldMappingSchema.optional(),
  attributeTrust: attributeTrustSchema.optional(),
});
export type UpdateSourceInput = z.input<typeof updateSourceInput>;

export const sourceNameInput = z.object({ name: sourceNameSchema });
