// Personal access tokens of the signed-in user (for agents: `c360 mcp`, /api/mcp): each user manages only their own.
import { createAccessTokenInput, revokeAccessTokenInput } from "@c360/core/tokens/access-token-schemas";
import {
  createAccessToken,
  listAccessTokens,
  revokeAccessToken,
} from "@c360/core/tokens/manage-access-tokens";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const own = () => procedureFor("authenticated");

export const tokensRouter = {
  list: own().query(({ ctx }) => listAccessTokens(ctx.db, ctx.actor)),
  /** The token is in this answer only; the portal shows it once. */
  create: own()
    .input(createAccessTokenInput)
    .mutation(({ ctx, input }) => createAccessToken(ctx.db, ctx.actor, input)),
  revoke: own()
    .input(revokeAccessTokenInput)
    .mutation(({ ctx, input }) => revokeAccessToken(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
