// Catalog: everyone signed in reads assets; governance leads (lineage:write) curate them and re-register the
// platform's own assets.
import {
  assetIdInput,
  browseCatalogInput,
  curateAssetInput,
  listAssetsInput,
} from "@c360/core/catalog/catalog-schemas";
import { browseCatalog } from "@c360/core/catalog/browse-catalog";
import { curateAsset, getAsset, listAssets } from "@c360/core/catalog/catalog-assets";
import { syncCatalogFromPlatform } from "@c360/core/catalog/sync-catalog";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const catalogRouter = {
  listAssets: procedureFor("authenticated")
    .input(listAssetsInput.optional())
    .query(({ ctx, input }) => listAssets(ctx.db, input)),
  browse: procedureFor("authenticated")
    .input(browseCatalogInput.optional())
    .query(({ ctx, input }) => browseCatalog(ctx.db, input)),
  getAsset: procedureFor("authenticated")
    .input(assetIdInput)
    .query(({ ctx, input }) => getAsset(ctx.db, input.assetId)),
  curateAsset: procedureFor("lineage:write")
    .input(curateAssetInput)
    .mutation(({ ctx, input }) => curateAsset(ctx.db, ctx.actor, input)),
  syncFromPlatform: procedureFor("lineage:write").mutation(({ ctx }) =>
    syncCatalogFromPlatform(ctx.db, ctx.actor),
  ),
} satisfies TRPCRouterRecord;
