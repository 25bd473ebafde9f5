// Activation: segments (rule builder, preview) and consent-gated exports (CSV download, webhook push) with their
// runs. Governance leads own what leaves the platform and under which purpose: consent:write.
import {
  createExportInput,
  previewSegmentInput,
  runExportInput,
  saveSegmentInput,
  segmentIdInput,
  sizeSegmentInput,
} from "@c360/core/activation/activation-schemas";
import { createExport, listExports } from "@c360/core/activation/manage-exports";
import {
  listSegments,
  previewSegment,
  readSegment,
  saveSegment,
  sizeSegment,
} from "@c360/core/activation/manage-segments";
import { runExport } from "@c360/core/activation/run-export";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const activation = () => procedureFor("consent:write");

export const activationRouter = {
  segments: activation().query(({ ctx }) => listSegments(ctx.db, ctx.actor)),
  segment: activation()
    .input(segmentIdInput)
    .query(({ ctx, input }) => readSegment(ctx.db, ctx.actor, input.segmentId)),
  segmentSize: activation()
    .input(sizeSegmentInput)
    .query(({ ctx, input }) => sizeSegment(ctx.db, ctx.actor, input)),
  saveSegment: activation()
    .input(saveSegmentInput)
    .mutation(({ ctx, input }) => saveSegment(ctx.db, ctx.actor, input)),
  preview: activation()
    .input(previewSegmentInput)
    .query(({ ctx, input }) => previewSegment(ctx.db, ctx.actor, input)),
  exports: activation().query(({ ctx }) => listExports(ctx.db)),
  createExport: activation()
    .input(createExportInput)
    .mutation(({ ctx, input }) => createExport(ctx.db, ctx.actor, input)),
  runExport: activation()
    .input(runExportInput)
    .mutation(({ ctx, input }) => runExport(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
