// Lineage: the graph, impact analysis (with CSV) and value lineage for everyone signed in; recording OpenLineage
// events needs lineage:write (pipelines post to the REST endpoint instead).
import { analyzeImpact, impactAnalysisCsv } from "@c360/core/lineage/analyze-impact";
import { getLineageGraph } from "@c360/core/lineage/get-lineage-graph";
import { getValueLineage } from "@c360/core/lineage/get-value-lineage";
import { ingestOpenLineageEvent } from "@c360/core/lineage/ingest-openlineage-event";
import { impactInput, lineageGraphInput, valueLineageInput } from "@c360/core/lineage/lineage-schemas";
import { actorCan } from "@c360/core/actor";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { procedureFor } from "../trpc";

export const lineageRouter = {
  graph: procedureFor("authenticated")
    .input(lineageGraphInput.optional())
    .query(({ ctx, input }) => getLineageGraph(ctx.db, input)),
  impact: procedureFor("authenticated")
    .input(impactInput)
    .query(({ ctx, input }) => analyzeImpact(ctx.db, input)),
  impactCsv: procedureFor("authenticated")
    .input(impactInput)
    .query(async ({ ctx, input }) => impactAnalysisCsv(await analyzeImpact(ctx.db, input))),
  // Readers of profiles see where a value came from; only profile:pii shows the values themselves unmasked.
  valueLineage: procedureFor("profile:read")
    .input(valueLineageInput)
    .query(({ ctx, input }) =>
      getValueLineage(ctx.db, input, { maskPii: !actorCan(ctx.actor, "profile:pii") }),
    ),
  recordOpenLineageEvent: procedureFor("lineage:write")
    .input(z.object({ event: z.unknown() }))
    .mutation(({ ctx, input }) => ingestOpenLineageEvent(ctx.db, ctx.actor, input.event)),
} satisfies TRPCRouterRecord;
