// Events in the portal (issue 19): the unattributed events stewards and the quality team work through, and the
// event settings of a source. Thin: core validates, masks for callers without profile:pii and audits clear reads.
import { describeEventSource } from "@c360/core/events/describe-event-source";
import { setEventSettings, setEventSettingsInput } from "@c360/core/events/event-settings";
import {
  listUnattributedEvents,
  listUnattributedEventsInput,
} from "@c360/core/events/list-unattributed-events";
import { sourceNameInput } from "@c360/core/sources/source-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const eventsRouter = {
  /** Waiting events with their reasons: a data-quality matter, so quality:read; identifiers masked without profile:pii. */
  unattributed: procedureFor("quality:read")
    .input(listUnattributedEventsInput)
    .query(({ ctx, input }) => listUnattributedEvents(ctx.db, ctx.actor, input)),
  /** A source's event settings with the recent event names and figures, for its events page. */
  source: procedureFor("admin")
    .input(sourceNameInput)
    .query(({ ctx, input }) => describeEventSource(ctx.db, input.name)),
  /** Channel per event name, consent categories -> purposes, whose customer ids userId names, CSV column map, currency. */
  setSettings: procedureFor("admin")
    .input(setEventSettingsInput)
    .mutation(({ ctx, input }) => setEventSettings(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
