// Trains the churn model on the customers' own history, point in time, evaluates it out of time against recency
// and the rule-based score, and (trainChurnModel) stores it as the active model version with every profile's
// probability, reasons and offers; computeChurnScores does the same work for an export without storing anything.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { recordset } from "@c360/db/bulk";
import {
  createChurnTrainer,
  explainChurn,
  FEATURE_COUNT,
  recommendOffers,
  type ChurnTraining,
} from "@c360/predict";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { forEachPredictionHistoryChunk } from "./load-prediction-histories";
import { endOfDay, trainChurnModelInput, type TrainChurnModelInput } from "./predictions-schemas";
import { ruleChurnScore } from "./rule-churn-score";

export type ChurnBand = "low" | "medium" | "high";

/** Where the bands begin: high from 70%, medium from 40% (segments compile their SQL from these too). */
export const CHURN_BAND_FLOOR = { high: 0.7, medium: 0.4 } as const;

/** The bands segments, the dashboard and the profile page use. */
export function churnBand(probability: number): ChurnBand {
  return probability >= CHURN_BAND_FLOOR.high
    ? "high"
    : probability >= CHURN_BAND_FLOOR.medium
      ? "medium"
      : "low";
}

/** What is kept with a model version and shown to stewards and executives. */
export interface ChurnModelMetrics {
  trainCutoff: string;
  testCutoff: string;
  trainRows: number;
  testRows: number;
  trainPositives: number;
  auc: number;
  logLoss: number;
  brier: number;
  calibrationError: number;
  liftTopDecile: number;
  baseRate: number;
  calibration: { from: number; to: number; count: number; meanPredicted: number; observedRate: number }[];
  recencyAuc: number;
  ruleAuc: number | null;
  offers: { cases: number; hitRate: number | null; popularityHitRate: number | null };
  drift: { feature: string; psi: number; level: string }[];
  bands: Record<ChurnBand, number>;
  meanProbability: number;
}

export interface ChurnRun {
  asOf: Date;
  horizonDays: number;
  training: ChurnTraining;
  metrics: ChurnModelMetrics;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** The minimum for a model worth storing, as Segment asks: 100 churned and 100 retained people in the training window. */
const MIN_PER_CLASS = 100;

async function runChurnTraining(db: Database, rawInput: TrainChurnModelInput): Promise<ChurnRun> {
  const input = parseInput(trainChurnModelInput, rawInput);
  const asOf = input.asOf ? endOfDay(input.asOf) : new Date();
  const trainer = createChurnTrainer({
    asOf: asOf.getTime(),
    horizonDays: input.horizonDays,
    baselines: { rule: ruleChurnScore },
  });
  await forEachPredictionHistoryChunk(db, asOf, (histories) => histories.forEach((h) => trainer.add(h)));
  let training: ChurnTraining;
  try {
    training = trainer.finish();
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `Not enough history before ${asOf.toISOString().slice(0, 10)} to train with a ${input.horizonDays}-day horizon: ${(error as Error).message}.`,
    );
  }
  const { model, evaluation } = training;
  const negatives = model.trainingRows - model.trainingPositives;
  if (model.trainingPositives < MIN_PER_CLASS || negatives < MIN_PER_CLASS)
    throw new AppError(
      "BAD_REQUEST",
      `Not enough history to train: the training window (cut-off ${new Date(evaluation.trainCutoff).toISOString().slice(0, 10)}) ` +
        `has ${model.trainingPositives} people who churned and ${negatives} who bought again; at least ${MIN_PER_CLASS} of each are needed.`,
    );
  const bands: Record<ChurnBand, number> = { low: 0, medium: 0, high: 0 };
  let sum = 0;
  for (const p of training.scoring.probabilities) {
    bands[churnBand(p)]++;
    sum += p;
  }
  const m = evaluation.model;
  const metrics: ChurnModelMetrics = {
    trainCutoff: new Date(evaluation.trainCutoff).toISOString(),
    testCutoff: new Date(evaluation.testCutoff).toISOString(),
    trainRows: evaluation.trainRows,
    testRows: evaluation.testRows,
    trainPositives: model.trainingPositives,
    auc: m.auc,
    logLoss: m.logLoss,
    brier: m.brier,
    calibrationError: m.calibrationError,
    liftTopDecile: m.liftTopDecile,
    baseRate: m.baseRate,
    calibration: m.calibration,
    recencyAuc: evaluation.recencyAuc,
    ruleAuc: finite(evaluation.baselineAucs.rule ?? Number.NaN),
    offers: {
      cases: training.offersEvaluation.cases,
      hitRate: finite(training.offersEvaluation.hitRate),
      popularityHitRate: finite(training.offersEvaluation.popularityHitRate),
    },
    drift: training.drift.map((d) => ({ feature: d.feature, psi: d.psi, level: d.level })),
    bands,
    meanProbability: training.scoring.profileIds.length === 0 ? 0 : sum / training.scoring.profileIds.length,
  };
  return { asOf, horizonDays: input.horizonDays, training, metrics };
}

export interface ChurnScoreRow {
  profileId: string;
  churnProbability: number;
}

/** Every active profile's churn probability as of the date, from a model trained on data up to it; nothing stored. */
export async function computeChurnScores(
  db: Database,
  actor: Actor,
  rawInput: TrainChurnModelInput,
): Promise<{ rows: ChurnScoreRow[]; metrics: ChurnModelMetrics; asOf: Date }> {
  assertActorCan(actor, "admin");
  const run = await runChurnTraining(db, rawInput);
  const { profileIds, probabilities } = run.training.scoring;
  await recordAudit(db, actor, {
    action: "predictions.score",
    entityType: "prediction_model",
    details: { asOf: run.asOf.toISOString(), horizonDays: run.horizonDays, profiles: profileIds.length },
  });
  return {
    rows: profileIds.map((profileId, i) => ({ profileId, churnProbability: probabilities[i]! })),
    metrics: run.metrics,
    asOf: run.asOf,
  };
}

export interface TrainedChurnModel {
  modelId: string;
  version: number;
  asOf: Date;
  horizonDays: number;
  profilesScored: number;
  metrics: ChurnModelMetrics;
}

const SCORE_CHUNK = 2000;

/** Trains, stores the model version as the active one and writes every profile's score, reasons and offers. */
export async function trainChurnModel(
  db: Database,
  actor: Actor,
  rawInput: TrainChurnModelInput,
): Promise<TrainedChurnModel> {
  assertActorCan(actor, "admin");
  const input = parseInput(trainChurnModelInput, rawInput);
  const run = await runChurnTraining(db, input);
  const { training } = run;
  const { profileIds, probabilities, features, owned } = training.scoring;
  return db.transaction(async (tx) => {
    // One training at a time per kind: the version number and the active flag are decided under this lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('c360.prediction_models.churn'))`);
    const [{ version }] = (await queryRows<{ version: number }>(
      tx,
      sql`select coalesce(max(version), 0)::int + 1 as version from prediction_models where kind = 'churn'`,
    )) as [{ version: number }];
    await tx.execute(sql`update prediction_models set active = false where kind = 'churn' and active`);
    const [{ id: modelId }] = (await queryRows<{ id: string }>(
      tx,
      sql`insert into prediction_models (kind, version, as_of, horizon_days, trained_by, model, offers, metrics, profiles_scored, active)
          values ('churn', ${version}, ${run.asOf.toISOString()}::timestamptz, ${run.horizonDays},
                  ${input.trigger === "manual" ? actor.label : input.trigger},
                  ${JSON.stringify(training.model)}::jsonb, ${JSON.stringify(training.offers)}::jsonb,
                  ${JSON.stringify(run.metrics)}::jsonb, ${profileIds.length}, true)
          returning id`,
    )) as [{ id: string }];
    // Only the active version's scores are kept per profile; the versions keep their metrics and distribution.
    await tx.execute(sql`delete from profile_predictions where model_id <> ${modelId}::uuid`);
    for (let start = 0; start < profileIds.length; start += SCORE_CHUNK) {
      const rows = [];
      for (let i = start; i < Math.min(profileIds.length, start + SCORE_CHUNK); i++) {
        rows.push({
          profile_id: profileIds[i]!,
          churn_probability: probabilities[i]!,
          reasons: explainChurn(training.model, features.values, i * FEATURE_COUNT),
          offers: recommendOffers(training.offers, owned[i]!),
        });
      }
      await tx.execute(
        sql`insert into profile_predictions (profile_id, model_id, churn_probability, reasons, offers)
            select r.profile_id, ${modelId}::uuid, r.churn_probability, r.reasons, r.offers
            from ${recordset(rows, "r", "profile_id uuid, churn_probability float8, reasons jsonb, offers jsonb")}`,
      );
    }
    await recordAudit(tx, actor, {
      action: "predictions.train",
      entityType: "prediction_model",
      entityId: modelId,
      details: {
        version,
        asOf: run.asOf.toISOString(),
        horizonDays: run.horizonDays,
        profilesScored: profileIds.length,
        auc: finite(run.metrics.auc),
      },
    });
    return {
      modelId,
      version,
      asOf: run.asOf,
      horizonDays: run.horizonDays,
      profilesScored: profileIds.length,
      metrics: run.metrics,
    };
  });
}
