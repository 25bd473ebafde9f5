// Triggers (decision 2201): definitions with their counts, the portal's form (save = apply one trigger, with its dry
// run), on/off, delivery history, dead letters and their replay. Who may send data out on events: activation:write.
import { applyTriggers } from "@c360/core/triggers/apply-triggers";
import { dryRunTrigger } from "@c360/core/triggers/dry-run-trigger";
import { listTriggerDeliveries } from "@c360/core/triggers/list-trigger-deliveries";
import { getTrigger, listTriggers } from "@c360/core/triggers/list-triggers";
import { replayDeliveries } from "@c360/core/triggers/replay-deliveries";
import { setTriggerEnabled } from "@c360/core/triggers/set-trigger-enabled";
import {
  dryRunTriggerInputSchema,
  getTriggerInputSchema,
  replayDeliveriesInputSchema,
  setTriggerEnabledInputSchema,
  triggerDefinitionSchema,
  triggerDeliveriesInputSchema,
} from "@c360/core/triggers/trigger-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const triggers = () => procedureFor("activation:write");

export const triggersRouter = {
  list: triggers().query(({ ctx }) => listTriggers(ctx.db, ctx.actor)),
  get: triggers()
    .input(getTriggerInputSchema)
    .query(({ ctx, input }) => getTrigger(ctx.db, ctx.actor, input)),
  save: triggers()
    .input(triggerDefinitionSchema)
    .mutation(async ({ ctx, input }) => (await applyTriggers(ctx.db, ctx.actor, { triggers: [input] }))[0]!),
  dryRun: triggers()
    .input(dryRunTriggerInputSchema)
    .query(({ ctx, input }) => dryRunTrigger(ctx.db, ctx.actor, input)),
  setEnabled: triggers()
    .input(setTriggerEnabledInputSchema)
    .mutation(({ ctx, input }) => setTriggerEnabled(ctx.db, ctx.actor, input)),
  deliveries: triggers()
    .input(triggerDeliveriesInputSchema)
    .query(({ ctx, input }) => listTriggerDeliveries(ctx.db, ctx.actor, input)),
  replay: triggers()
    .input(replayDeliveriesInputSchema)
    .mutation(({ ctx, input }) => replayDeliveries(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
