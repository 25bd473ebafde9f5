// Inputs of lineage reads: the graph, impact analysis and value lineage.
import { z } from "zod";

export const lineageGraphInput = z.object({
  /** Only what is connected to this asset (upstream and downstream), with its parents for grouping. */
  focusAssetId: z.uuid().optional(),
  limit: z.number().int().min(1).max(20_000).default(5000),
});
export type LineageGraphInput = z.input<typeof lineageGraphInput>;

export const impactInput = z.object({
  assetId: z.uuid(),
  maxDepth: z.number().int().min(1).max(100).default(50),
});
export type ImpactInput = z.input<typeof impactInput>;

export const valueLineageInput = z.object({
  profileId: z.uuid(),
  attribute: z.string().trim().min(1).max(100),
});
export type ValueLineageInput = z.input<typeof valueLineageInput>;
