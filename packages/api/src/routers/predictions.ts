// Predictions (decision 2301): a profile's churn probability, reasons and offers; the model versions' metrics.
import { getProfilePrediction } from "@c360/core/predictions/get-profile-prediction";
import { listPredictionModels } from "@c360/core/predictions/list-prediction-models";
import { getProfilePredictionInput } from "@c360/core/predictions/predictions-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const predictionsRouter = {
  profile: procedureFor("profile:read")
    .input(getProfilePredictionInput)
    .query(({ ctx, input }) => getProfilePrediction(ctx.db, ctx.actor, input)),
  models: procedureFor("quality:read").query(({ ctx }) => listPredictionModels(ctx.db, ctx.actor)),
} satisfies TRPCRouterRecord;
