// Engagement and churn risk with the reasons behind them, the RFM scores and monthly activity as charts.
import type { ProfileSegmentMembership } from "@c360/core/activation/list-profile-segments";
import type { Engagement } from "@c360/core/profiles/compute-engagement";
import { ActivityChart } from "@c360/ui/activity-chart";
import { ScoreBars } from "@c360/ui/score-bars";
import { Section } from "./section";

const levelStyle = {
  low: "bg-emerald-100 text-emerald-900",
  medium: "bg-amber-100 text-amber-900",
  high: "bg-red-100 text-red-900",
} as const;
const engagementStyle = {
  low: "bg-red-100 text-red-900",
  medium: "bg-amber-100 text-amber-900",
  high: "bg-emerald-100 text-emerald-900",
} as const;

export function EngagementSection({
  engagement,
  segments,
}: {
  engagement: Engagement;
  segments: readonly ProfileSegmentMembership[];
}) {
  return (
    <Section
      id="engagement"
      title="Engagement and churn risk"
      description="Computed from the interactions on the timeline as they arrive: recency, frequency and spend over the last year, and the saved segments the customer is in now."
    >
      <div className="mb-3 flex flex-wrap gap-3 text-sm">
        <span
          className={`rounded px-2 py-1 ${engagementStyle[engagement.engagementLevel]}`}
          data-testid="engagement-level"
        >
          Engagement: {engagement.engagementLevel}
        </span>
        <span className={`rounded px-2 py-1 ${levelStyle[engagement.churnRisk]}`} data-testid="churn-risk">
          Churn risk: {engagement.churnRisk}
        </span>
        <span className="rounded bg-slate-100 px-2 py-1 text-slate-700">
          Lifetime spend: ${engagement.lifetimeSpend.toLocaleString("en-US")}
        </span>
      </div>
      <p className="mb-3 text-sm text-slate-700" data-testid="profile-segments">
        <span className="font-medium">Segments: </span>
        {segments.length === 0 ? (
          <span className="text-slate-500">in none of the saved segments</span>
        ) : (
          segments.map((segment) => (
            <span
              key={segment.segmentId}
              className="mr-1 inline-block rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-900"
            >
              {segment.name}
            </span>
          ))
        )}
      </p>
      <h3 className="text-sm font-medium text-slate-700">Why</h3>
      <ul className="mb-4 list-disc pl-5 text-sm text-slate-700">
        {engagement.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <ScoreBars
        title="RFM scores out of 5"
        max={5}
        scores={[
          { label: "Recency", value: engagement.recencyScore },
          { label: "Frequency", value: engagement.frequencyScore },
          { label: "Monetary", value: engagement.monetaryScore },
        ]}
      />
      <ActivityChart title="Interactions and spend per month, last 12 months" data={engagement.monthly} />
    </Section>
  );
}
