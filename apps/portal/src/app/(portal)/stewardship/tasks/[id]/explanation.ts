// The shape of review_tasks.explanation as the matching engine writes it (PairExplanation in
// packages/matching/src/explain.ts), restated here because the portal reads it as stored JSON, not from the engine.
export interface ExplanationTerm {
  comparison: string;
  level: string;
  valueA: string | null;
  valueB: string | null;
  weight: number;
  termFrequencyAdjustment: number;
}

export interface PairExplanation {
  recordA: string;
  recordB: string;
  priorWeight: number;
  terms: ExplanationTerm[];
  totalWeight: number;
  probability: number;
  passesNameGate: boolean;
  decision: "match" | "review" | "non-match";
}
