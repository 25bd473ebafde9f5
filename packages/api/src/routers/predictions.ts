// Predictions (decision 2301): a profile's churn probability, reasons and offers; the model versions' metrics.
import { getProfilePrediction } from "@c360/core/predictions/get-profile-prediction";
import { listPredictionModels } from "@c360/core/predictions/list-prediction-models";
import { getProfilePredictionInput, trainChurnModelInput } from "@c360/core/predictions/predictions-schemas";
import { trainChurnModel } from "@c360/core/predictions/train-churn-model";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const predictionsRouter = {
  profile: procedureFor("profile:read")
    .input(getProfilePredictionInput)
    .query(({ ctx, input }) => getProfilePrediction(ctx.db, ctx.actor, input)),
  models: procedureFor("quality:read").query(({ ctx }) => listPredictionModels(ctx.db, ctx.actor)),
  /** On demand: train now on data up to now (or an as-of day) and make it the active version. */
  train: procedureFor("admin")
    .input(trainChurnModelInput.omit({ trigger: true }).optional())
    .mutation(({ ctx, input }) => trainChurnModel(ctx.db, ctx.actor, { ...input, trigger: "manual" })),
} satisfies TRPCRouterRecord;
