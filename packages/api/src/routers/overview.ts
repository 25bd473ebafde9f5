// The home page's counts.
import { getOverview } from "@c360/core/overview/get-overview";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const overviewRouter = {
  get: procedureFor("authenticated").query(({ ctx }) => getOverview(ctx.db)),
} satisfies TRPCRouterRecord;
