// The churn model versions with their out-of-time metrics, newest first: what stewards and executives see of how
// good the predictions are, against recency alone and the rule-based score, and how the risk is distributed.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import type { ChurnModelMetrics } from "./train-churn-model";

export interface PredictionModelVersion {
  id: string;
  version: number;
  active: boolean;
  asOf: Date;
  trainedAt: Date;
  trainedBy: string;
  horizonDays: number;
  profilesScored: number;
  metrics: ChurnModelMetrics;
}

interface Row extends Record<string, unknown> {
  id: string;
  version: number;
  active: boolean;
  as_of: Date | string;
  trained_at: Date | string;
  trained_by: string;
  horizon_days: number;
  profiles_scored: number;
  metrics: ChurnModelMetrics;
}

export async function listPredictionModels(db: Database, actor: Actor): Promise<PredictionModelVersion[]> {
  assertActorCan(actor, "quality:read");
  const rows = await queryRows<Row>(
    db,
    sql`select id, version, active, as_of, trained_at, trained_by, horizon_days, profiles_scored, metrics
        from prediction_models where kind = 'churn' order by version desc limit 50`,
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    active: r.active,
    asOf: new Date(r.as_of),
    trainedAt: new Date(r.trained_at),
    trainedBy: r.trained_by,
    horizonDays: r.horizon_days,
    profilesScored: r.profiles_scored,
    metrics: r.metrics,
  }));
}
