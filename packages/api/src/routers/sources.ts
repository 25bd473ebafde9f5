// Source systems: the registry admins manage (mapping, trust, tokens) and the recent imports of each; stewards
// (and admins) also say which unmapped columns are not personal.
import { listImportBatches, listImportBatchesInput } from "@c360/core/ingest/list-import-batches";
import {
  createSource,
  listSources,
  requireSource,
  setNonPersonalColumns,
  updateSource,
} from "@c360/core/sources/manage-sources";
import {
  createSourceInput,
  setNonPersonalColumnsInput,
  sourceNameInput,
  updateSourceInput,
} from "@c360/core/sources/source-schemas";
import { rotateSourceToken } from "@c360/core/sources/source-tokens";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const sourcesRouter = {
  list: procedureFor("admin").query(({ ctx }) => listSources(ctx.db)),
  get: procedureFor("admin")
    .input(sourceNameInput)
    .query(({ ctx, input }) => requireSource(ctx.db, input.name)),
  create: procedureFor("admin")
    .input(createSourceInput)
    .mutation(({ ctx, input }) => createSource(ctx.db, ctx.actor, input)),
  update: procedureFor("admin")
    .input(updateSourceInput)
    .mutation(({ ctx, input }) => updateSource(ctx.db, ctx.actor, input)),
  /** Which unmapped columns roles without profile:pii may read in raw payloads: a steward's call as much as an admin's. */
  setNonPersonalColumns: procedureFor("stewardship:write")
    .input(setNonPersonalColumnsInput)
    .mutation(({ ctx, input }) => setNonPersonalColumns(ctx.db, ctx.actor, input)),
  /** The new token is in this response and nowhere else. */
  rotateToken: procedureFor("admin")
    .input(sourceNameInput)
    .mutation(({ ctx, input }) => rotateSourceToken(ctx.db, ctx.actor, input.name)),
  importBatches: procedureFor("admin")
    .input(listImportBatchesInput)
    .query(({ ctx, input }) => listImportBatches(ctx.db, input)),
} satisfies TRPCRouterRecord;
