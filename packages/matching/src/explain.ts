// Per-pair explanation: the prior, each comparison's level and weight (with its term-frequency adjustment) and the
// total — the data of a waterfall chart, and the reason a steward sees for a match decision.
import { comparisonFields, EXACT_LEVEL } from "./compare/comparisons";
import { classifyPair, decisionWeightsOf, type DecisionWeights, type PairDecision } from "./decide/classify";
import { weightToProbability } from "./model/model";
import type { PairScorer } from "./model/scorer";

export interface ExplanationTerm {
  comparison: string;
  level: string;
  /** The values compared, as standardized ("street, number, postcode, city" for the address). */
  valueA: string | null;
  valueB: string | null;
  /** log2(m/u) of the level. */
  weight: number;
  /** Extra bits for how rare (positive) or common (negative) an exactly agreeing value is. */
  termFrequencyAdjustment: number;
}

export interface PairExplanation {
  recordA: string;
  recordB: string;
  /** log2 prior odds: where the waterfall starts. */
  priorWeight: number;
  terms: ExplanationTerm[];
  totalWeight: number;
  probability: number;
  passesNameGate: boolean;
  decision: PairDecision;
}

/**
 * Why records a and b (store positions) are or are not one person. `weights` are the decision weights of the path
 * asking (real time passes its calibration); by default the model's own (decisionWeightsOf).
 */
export function explainPair(
  scorer: PairScorer,
  a: number,
  b: number,
  weights: DecisionWeights = decisionWeightsOf(scorer.model),
): PairExplanation {
  const { model, store } = scorer;
  const valueOf = (position: number, k: number): string | null => {
    const parts = comparisonFields(model.comparisons[k]!.spec).map((field) => store.value(position, field));
    return parts.every((p) => p === null) ? null : parts.filter((p) => p !== null).join(", ");
  };
  const terms = model.comparisons.map((comparison, k): ExplanationTerm => {
    const level = scorer.levelFunctions[k]!(a, b);
    return {
      comparison: comparison.spec.name,
      level: comparison.levels[level]!.label,
      valueA: valueOf(a, k),
      valueB: valueOf(b, k),
      weight: scorer.weights[k]![level]!,
      termFrequencyAdjustment: level === EXACT_LEVEL ? scorer.termFrequencyAdjustment(k, a) : 0,
    };
  });
  const totalWeight = terms.reduce(
    (sum, t) => sum + t.weight + t.termFrequencyAdjustment,
    scorer.priorWeight,
  );
  const passesNameGate = scorer.passesNameGate(a, b);
  // The decision the batch run and real time make for this pair (classify.ts), at the calibrated match threshold.
  const decision = classifyPair(totalWeight, weights, () => passesNameGate, a, b);
  return {
    recordA: store.idAt(a),
    recordB: store.idAt(b),
    priorWeight: scorer.priorWeight,
    terms,
    totalWeight,
    probability: weightToProbability(totalWeight),
    passesNameGate,
    decision,
  };
}

/** The explanation as text: one line per comparison with its running total, like a waterfall read top to bottom. */
export function formatExplanation(explanation: PairExplanation): string {
  let running = explanation.priorWeight;
  const lines = [
    `${explanation.recordA} vs ${explanation.recordB}`,
    `  ${"prior".padEnd(16)}${"".padEnd(40)}${running.toFixed(2).padStart(8)}`,
  ];
  for (const t of explanation.terms) {
    running += t.weight + t.termFrequencyAdjustment;
    const tf =
      t.termFrequencyAdjustment !== 0
        ? ` (tf ${t.termFrequencyAdjustment >= 0 ? "+" : ""}${t.termFrequencyAdjustment.toFixed(2)})`
        : "";
    lines.push(
      `  ${t.comparison.padEnd(16)}${t.level.slice(0, 38).padEnd(40)}${(t.weight >= 0 ? "+" : "") + t.weight.toFixed(2)}${tf} -> ${running.toFixed(2)}   [${t.valueA ?? "∅"} | ${t.valueB ?? "∅"}]`,
    );
  }
  lines.push(
    `  total ${explanation.totalWeight.toFixed(2)} bits, probability ${explanation.probability.toFixed(4)}, ${explanation.decision}${explanation.passesNameGate ? "" : " (name gate: given names disagree)"}`,
  );
  return lines.join("\n");
}
