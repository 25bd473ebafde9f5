// A profile's churn probability from the active model, its reasons and its next-best offers, with the model's
// out-of-time figures beside it, for the profile page. The offers say whether marketing may use them.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../parse-input";
import { getProfilePredictionInput, type GetProfilePredictionInput } from "./predictions-schemas";
import { churnBand, type ChurnBand } from "./train-churn-model";

export interface ProfilePrediction {
  churnProbability: number;
  band: ChurnBand;
  reasons: { feature: string; direction: "raises" | "lowers"; text: string }[];
  offers: { sku: string; because: string | null; reason: string }[];
  /** Offers go to marketing only with consent to a marketing purpose (decision 0701); shown either way. */
  marketingConsent: boolean;
  model: {
    version: number;
    asOf: Date;
    trainedAt: Date;
    horizonDays: number;
    auc: number | null;
    recencyAuc: number | null;
    ruleAuc: number | null;
  };
}

interface Row extends Record<string, unknown> {
  churn_probability: number;
  reasons: ProfilePrediction["reasons"];
  offers: ProfilePrediction["offers"];
  version: number;
  as_of: Date | string;
  trained_at: Date | string;
  horizon_days: number;
  auc: number | null;
  recency_auc: number | null;
  rule_auc: number | null;
  marketing_consent: boolean;
}

/** Null when no model has been trained yet, or the profile was not scored by the active one. */
export async function getProfilePrediction(
  db: Database,
  actor: Actor,
  rawInput: GetProfilePredictionInput,
): Promise<ProfilePrediction | null> {
  assertActorCan(actor, "profile:read");
  const { profileId } = parseInput(getProfilePredictionInput, rawInput);
  const [row] = await queryRows<Row>(
    db,
    sql`select p.churn_probability, p.reasons, p.offers, m.version, m.as_of, m.trained_at, m.horizon_days,
          (m.metrics->>'auc')::float8 as auc, (m.metrics->>'recencyAuc')::float8 as recency_auc,
          (m.metrics->>'ruleAuc')::float8 as rule_auc,
          exists (select 1 from consent_state s join consent_purposes cp on cp.id = s.purpose_id
                  where s.profile_id = p.profile_id and cp.key like 'marketing.%' and s.status = 'given'
                    and (s.expires_at is null or s.expires_at > now())) as marketing_consent
        from profile_predictions p join prediction_models m on m.id = p.model_id and m.active
        where p.profile_id = ${profileId}::uuid`,
  );
  if (!row) return null;
  await recordAudit(db, actor, { action: "predictions.read", entityType: "profile", entityId: profileId });
  const probability = Number(row.churn_probability);
  return {
    churnProbability: probability,
    band: churnBand(probability),
    reasons: row.reasons.map((r) => ({ feature: r.feature, direction: r.direction, text: r.text })),
    offers: row.offers.map((o) => ({ sku: o.sku, because: o.because, reason: o.reason })),
    marketingConsent: row.marketing_consent,
    model: {
      version: row.version,
      asOf: new Date(row.as_of),
      trainedAt: new Date(row.trained_at),
      horizonDays: row.horizon_days,
      auc: row.auc,
      recencyAuc: row.recency_auc,
      ruleAuc: row.rule_auc,
    },
  };
}
