// Scheduled retraining of the churn model (decision 2301): every few hours (C360_PREDICT_CHECK_MINUTES) the worker
// retrains when the active model is older than C360_PREDICT_RETRAIN_DAYS, or when there is none yet. The training
// takes an advisory lock to store its version, so several workers queue rather than race.
import { systemActor } from "@c360/core/actor";
import { retrainChurnModelIfDue } from "@c360/core/predictions/retrain-churn-model-if-due";
import type { Database } from "@c360/db/client";
import { repeatJob } from "./repeat-job";

export interface PredictionSchedule {
  stop: () => Promise<void>;
}

export function startPredictionSchedule(
  db: Database,
  options: { everyMinutes: number; maxAgeDays: number; log?: (line: string) => void },
): PredictionSchedule {
  const log = options.log ?? ((line: string) => console.log(line));
  const job = repeatJob({
    name: "predictions",
    everyMs: options.everyMinutes * 60_000,
    log,
    run: async () => {
      const outcome = await retrainChurnModelIfDue(db, systemActor("scheduler"), {
        maxAgeDays: options.maxAgeDays,
      });
      log(
        outcome.trained
          ? `predictions: churn model version ${outcome.model.version} trained, AUC ${outcome.model.metrics.auc.toFixed(3)} (recency ${outcome.model.metrics.recencyAuc.toFixed(3)}), ${outcome.model.profilesScored} profiles scored`
          : `predictions: not retrained: ${outcome.reason}`,
      );
    },
  });
  return { stop: job.stop };
}
