// Proposals to the stewards: whoever reads profiles may say "these are one person" or "these records are someone
// else"; the proposal is an open review task that a steward decides (stewardship.decideReviewTask). Nothing moves.
import { proposeMerge, proposeSplit } from "@c360/core/stewardship/propose-profile-change";
import { proposeMergeInput, proposeSplitInput } from "@c360/core/stewardship/stewardship-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const proposalsRouter = {
  merge: procedureFor("profile:read")
    .input(proposeMergeInput)
    .mutation(({ ctx, input }) => proposeMerge(ctx.db, ctx.actor, input)),
  split: procedureFor("profile:read")
    .input(proposeSplitInput)
    .mutation(({ ctx, input }) => proposeSplit(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
