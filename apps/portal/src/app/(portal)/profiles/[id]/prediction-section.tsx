// The trained churn probability with the features that moved it and the next-best offers (decision 2301), beside
// the rule-based churn risk of the engagement section, which stays as the baseline it is measured against.
import type { ProfilePrediction } from "@c360/core/predictions/get-profile-prediction";
import { Section } from "./section";

const bandStyle = {
  low: "bg-emerald-100 text-emerald-900",
  medium: "bg-amber-100 text-amber-900",
  high: "bg-red-100 text-red-900",
} as const;
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const auc = (value: number | null) => (value === null ? "—" : value.toFixed(3));

export function PredictionSection({ prediction }: { prediction: ProfilePrediction | null }) {
  if (prediction === null)
    return (
      <Section id="prediction" title="Churn prediction and next-best offers">
        <p className="text-sm text-slate-600" data-testid="prediction-none">
          No churn model has scored this customer yet: an administrator trains one with{" "}
          <code>c360 predict train</code>. The rule-based churn risk above is shown meanwhile.
        </p>
      </Section>
    );
  const { model } = prediction;
  return (
    <Section
      id="prediction"
      title="Churn prediction and next-best offers"
      description={`Model version ${model.version}, trained on this customer base's own history up to ${day.format(model.asOf)}: the chance of no purchase in the next ${model.horizonDays} days. Out of time it ranked churners with AUC ${auc(model.auc)}, against ${auc(model.recencyAuc)} for recency alone and ${auc(model.ruleAuc)} for the rule-based risk.`}
    >
      <p className="mb-3 text-sm">
        <span className={`rounded px-2 py-1 ${bandStyle[prediction.band]}`} data-testid="churn-probability">
          Churn probability: {Math.round(prediction.churnProbability * 100)}% ({prediction.band})
        </span>
      </p>
      <h3 className="text-sm font-medium text-slate-700">What moved it</h3>
      <ul className="mb-4 list-disc pl-5 text-sm text-slate-700" data-testid="prediction-reasons">
        {prediction.reasons.map((reason) => (
          <li key={reason.feature}>{reason.text}</li>
        ))}
      </ul>
      <h3 className="text-sm font-medium text-slate-700">Next-best offers</h3>
      <ol className="list-decimal pl-5 text-sm text-slate-700" data-testid="prediction-offers">
        {prediction.offers.map((offer) => (
          <li key={offer.sku}>
            <span className="font-medium">{offer.sku}</span> — {offer.reason}
          </li>
        ))}
      </ol>
      <p className="mt-2 text-xs text-slate-500" data-testid="offers-consent">
        {prediction.marketingConsent
          ? "Marketing consent given: these offers may be used in marketing."
          : "No marketing consent: these offers are for service conversations only, never for marketing."}
      </p>
    </Section>
  );
}
