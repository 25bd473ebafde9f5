// The one pairwise decision: match, review or non-match. The batch run's clustering (clusterPairs), real time
// (planArrivals) and the explanation a steward reads (explainPair) all call these functions, so one pair cannot be a
// match in one path and not in another. A match needs the weight at the calibrated match threshold AND the name
// gate (given names must not disagree); "review" is only the pairwise band, before the review policy (review-band.ts)
// decides which kept-apart pairs a steward is asked about.
import { probabilityToWeight } from "../model/model";
import type { PairScorer } from "../model/scorer";
import { householdClassifier } from "./household";
import { calibratedMatchWeight, gatedMatchWeight, type Calibration } from "./review-band";

export type PairDecision = "match" | "review" | "non-match";

/** A pair's name gate: true when nothing in the given names says they are two people. */
export type PairGate = (a: number, b: number) => boolean;

export interface DecisionWeights {
  /** Bits at which a pair links: the model's match threshold over calibrated probabilities. */
  matchWeight: number;
  /** Bits from which a pair is in the review band. */
  reviewWeight: number;
}

/**
 * The weights a model decides with: the match threshold applies to probabilities calibrated on stewards' answers
 * (the model's own, or the one given), the review threshold to the model's probabilities.
 */
export function decisionWeightsOf(
  model: { matchThreshold: number; reviewThreshold: number; calibration?: Calibration | null },
  calibration?: Calibration | null,
): DecisionWeights {
  return {
    matchWeight: calibratedMatchWeight({
      matchThreshold: model.matchThreshold,
      calibration: calibration ?? model.calibration,
    }),
    reviewWeight: probabilityToWeight(model.reviewThreshold),
  };
}

/**
 * The name gate as the scorer's model applies it: the scorer's passesNameGate, except that once stewards' answers were
 * learnt (model.calibration) a pair it holds links from gatedMatchWeight, unless the two are members of one
 * household (those never reach a steward, so no answer speaks for them). Batch and real time take their gate here.
 */
export function pairGateOf(scorer: PairScorer): PairGate {
  const gatedWeight = gatedMatchWeight(scorer.model);
  if (gatedWeight === Infinity) return (a, b) => scorer.passesNameGate(a, b);
  const households = householdClassifier(scorer);
  return (a, b) =>
    scorer.passesNameGate(a, b) || (scorer.score(a, b) >= gatedWeight && !households.isHousehold(a, b));
}

/**
 * True when records a and b (store positions) with this weight link. The gate is asked only above the threshold
 * (it costs a comparison), and is passed with its positions rather than as a closure: clustering calls this for
 * every scored pair.
 */
export function isMatch(weight: number, matchWeight: number, gate: PairGate, a: number, b: number): boolean {
  return weight >= matchWeight && gate(a, b);
}

export function classifyPair(
  weight: number,
  weights: DecisionWeights,
  gate: PairGate,
  a: number,
  b: number,
): PairDecision {
  if (isMatch(weight, weights.matchWeight, gate, a, b)) return "match";
  return weight >= weights.reviewWeight ? "review" : "non-match";
}
