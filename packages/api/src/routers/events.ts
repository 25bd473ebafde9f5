// Events in the portal (issue 19): the unattributed events stewards and the quality team work through, and the
// event settings of a source. Thin: core validates, masks for callers without profile:pii and audits clear reads.
import { listUnattributedEvents, listUnattributedEventsInput } from "@c360/core/events/list-unattributed-events";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const eventsRouter = {
  /** Waiting events with their reasons: a data-quality matter, so quality:read; identifiers masked without profile:pii. */
  unattributed: procedureFor("quality:read")
    .input(listUnattributedEventsInput)
    .query(({ ctx, input }) => listUnattributedEvents(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
