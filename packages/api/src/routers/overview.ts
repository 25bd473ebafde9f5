// The home page's counts.
import { getCustomerHealth } from "@c360/core/overview/get-customer-health";
import { getOverview } from "@c360/core/overview/get-overview";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const overviewRouter = {
  get: procedureFor("authenticated").query(({ ctx }) => getOverview(ctx.db)),
  // Counts of active profiles for the executive's briefing: the same right as the quality dashboard.
  customerHealth: procedureFor("quality:read").query(({ ctx }) => getCustomerHealth(ctx.db)),
} satisfies TRPCRouterRecord;
