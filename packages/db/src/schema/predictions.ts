// Predictions (decision 2301): trained model versions with their out-of-time metrics, and per-profile scores with
// their reasons and offers, written by the latest training.
import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { profiles } from "./profiles";

/** One trained model: what it is (the @c360/predict model as JSON), on what data, and how well it did. */
export const predictionModels = pgTable(
  "prediction_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What is predicted: churn (with next-best-offer beside it). */
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    /** The last instant of data used, for features and for the labels it trained on. */
    asOf: timestamp("as_of", { withTimezone: true }).notNull(),
    horizonDays: integer("horizon_days").notNull(),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull().defaultNow(),
    /** Who asked: a user's email, "cli", "schedule". */
    trainedBy: text("trained_by").notNull(),
    model: jsonb("model").$type<Record<string, unknown>>().notNull(),
    offers: jsonb("offers").$type<Record<string, unknown>>().notNull(),
    /** Out-of-time evaluation, baselines, offer hit rates, drift, the distribution of scores. */
    metrics: jsonb("metrics").$type<Record<string, unknown>>().notNull(),
    profilesScored: integer("profiles_scored").notNull(),
    active: boolean("active").notNull().default(false),
  },
  (t) => [
    unique("prediction_models_kind_version_key").on(t.kind, t.version),
    uniqueIndex("prediction_models_one_active_idx")
      .on(t.kind)
      .where(sql`${t.active}`),
  ],
);

/** A profile's score from one model version. Citus: distributed by profile_id like the other per-profile tables. */
export const profilePredictions = pgTable(
  "profile_predictions",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    modelId: uuid("model_id")
      .notNull()
      .references(() => predictionModels.id, { onDelete: "cascade" }),
    churnProbability: doublePrecision("churn_probability").notNull(),
    /** The features that moved the score most, in words: [{ feature, contribution, direction, text }]. */
    reasons: jsonb("reasons").$type<unknown[]>().notNull(),
    /** Top offers with their reasons: [{ sku, score, because, reason }]. */
    offers: jsonb("offers").$type<unknown[]>().notNull(),
  },
  (t) => [
    primaryKey({ name: "profile_predictions_pkey", columns: [t.profileId, t.modelId] }),
    index("profile_predictions_model_probability_idx").on(t.modelId, t.churnProbability.desc()),
  ],
);
