// The Data Trust Score: a weighted mean of rule scores per dimension, then of dimensions (docs/decisions/0801).
import { qualityDimensions, type QualityDimension } from "./quality-fields";

/** How much each dimension counts in the trust score; they sum to 1. */
export const DIMENSION_WEIGHTS: Readonly<Record<QualityDimension, number>> = {
  completeness: 0.25,
  validity: 0.25,
  uniqueness: 0.2,
  consistency: 0.15,
  freshness: 0.15,
};

export interface ScoredRule {
  dimension: QualityDimension;
  weight: number;
  /** 0..1 */
  score: number;
  /** Rows the rule looked at; a rule that saw nothing says nothing about quality and is left out. */
  checked: number;
}

export interface TrustScore {
  /** 0..100, or null when no rule measured anything. */
  trustScore: number | null;
  /** Per dimension 0..1, null for a dimension no measured rule covers. */
  dimensions: Record<QualityDimension, number | null>;
}

/**
 * D(d) = Σ w_r·s_r / Σ w_r over the measured rules r of dimension d (rule weights, scores 0..1);
 * trust = 100 · Σ W_d·D(d) / Σ W_d over the dimensions that have a measured rule (W = DIMENSION_WEIGHTS),
 * so a platform without, say, freshness rules is scored on what it measures rather than penalised.
 */
export function computeTrustScore(rules: readonly ScoredRule[]): TrustScore {
  const dimensions = {} as Record<QualityDimension, number | null>;
  let weighted = 0;
  let weights = 0;
  for (const dimension of qualityDimensions) {
    let sum = 0;
    let total = 0;
    for (const rule of rules) {
      if (rule.dimension !== dimension || rule.checked === 0 || rule.weight <= 0) continue;
      sum += rule.weight * rule.score;
      total += rule.weight;
    }
    const score = total > 0 ? sum / total : null;
    dimensions[dimension] = score;
    if (score !== null) {
      weighted += DIMENSION_WEIGHTS[dimension] * score;
      weights += DIMENSION_WEIGHTS[dimension];
    }
  }
  const trustScore = weights > 0 ? Math.min(100, Math.max(0, (100 * weighted) / weights)) : null;
  return { trustScore, dimensions };
}
