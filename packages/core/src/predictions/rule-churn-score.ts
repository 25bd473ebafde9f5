// The rule-based churn risk (compute-engagement.ts) as a score, so the trained model is measured against it on the
// same out-of-time window: low 0, medium 1, high 2.
import type { ConsentChange, PredictEvent } from "@c360/predict";
import { computeEngagement } from "../profiles/compute-engagement";

const LEVEL = { low: 0, medium: 1, high: 2 } as const;

export function ruleChurnScore(
  events: readonly PredictEvent[],
  asOf: number,
  _consent?: readonly ConsentChange[],
): number {
  const known = [];
  for (const e of events)
    if (e.at <= asOf) known.push({ occurredAt: new Date(e.at), channel: e.channel, amount: e.amount });
  return LEVEL[computeEngagement({ events: known }, new Date(asOf)).churnRisk];
}
