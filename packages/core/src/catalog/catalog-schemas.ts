// Inputs of the data catalog: listing, curating, and the qualified names c360 gives its own assets.
import { z } from "zod";
import { classificationTags } from "../glossary/glossary-schemas";

export const assetKinds = [
  "source_system",
  "dataset",
  "column",
  "standardized_field",
  "golden_attribute",
  "export",
  "segment",
  "dashboard",
  "job",
] as const;
export type AssetKind = (typeof assetKinds)[number];

export const listAssetsInput = z.object({
  query: z.string().trim().max(200).optional(),
  kind: z.enum(assetKinds).optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});
export type ListAssetsInput = z.input<typeof listAssetsInput>;

export const assetIdInput = z.object({ assetId: z.uuid() });

export const curateAssetInput = z.object({
  assetId: z.uuid(),
  description: z.string().trim().max(10_000).nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  classification: z
    .array(z.enum(classificationTags, { error: `Use one of ${classificationTags.join(", ")}.` }))
    .max(10)
    .optional(),
});
export type CurateAssetInput = z.input<typeof curateAssetInput>;

/** Qualified names of the assets c360 registers itself: stable, so a re-sync finds them again. */
export const platformNames = {
  sourceSystem: (source: string) => `source:${source}`,
  sourceDataset: (source: string) => `source:${source}.records`,
  sourceColumn: (source: string, column: string) => `source:${source}.records.${column}`,
  standardizedField: (field: string) => `std:${field}`,
  goldenAttribute: (attribute: string) => `golden:${attribute}`,
  segment: (name: string) => `segment:${name}`,
  activationExport: (name: string) => `export:${name}`,
};

/** The catalog page's question: search, kind and classification filters, one page of rows. */
export const browseCatalogInput = z.object({
  query: z.string().trim().max(200).optional(),
  kind: z.enum(assetKinds, { error: `kind: use one of ${assetKinds.join(", ")}.` }).optional(),
  /** A classification tag the asset carries (its own or from an approved term), or "none" for unclassified ones. */
  classification: z
    .enum([...classificationTags, "none"], {
      error: `classification: use one of ${classificationTags.join(", ")} or none.`,
    })
    .optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type BrowseCatalogInput = z.input<typeof browseCatalogInput>;
