// Retraining on a schedule (decision 2301): the worker asks every few hours; a model is trained when there is none
// or the active one is older than the allowed age (30 days by default, as Segment Predictions retrains).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { trainChurnModel, type TrainedChurnModel } from "./train-churn-model";

export type RetrainOutcome = { trained: true; model: TrainedChurnModel } | { trained: false; reason: string };

export async function retrainChurnModelIfDue(
  db: Database,
  actor: Actor,
  options: { maxAgeDays: number; horizonDays?: number; now?: Date },
): Promise<RetrainOutcome> {
  const now = options.now ?? new Date();
  const [active] = await queryRows<{ version: number; trained_at: Date | string }>(
    db,
    sql`select version, trained_at from prediction_models where kind = 'churn' and active`,
  );
  if (active) {
    const ageDays = (now.getTime() - new Date(active.trained_at).getTime()) / 86_400_000;
    if (ageDays < options.maxAgeDays)
      return {
        trained: false,
        reason: `version ${active.version} is ${ageDays.toFixed(1)} days old (retrained after ${options.maxAgeDays})`,
      };
  }
  try {
    const model = await trainChurnModel(db, actor, { horizonDays: options.horizonDays, trigger: "schedule" });
    return { trained: true, model };
  } catch (error) {
    // Too little history is a state of the data, not a failure of the schedule: said, and tried again next time.
    if (error instanceof AppError && error.code === "BAD_REQUEST")
      return { trained: false, reason: error.message };
    throw error;
  }
}
