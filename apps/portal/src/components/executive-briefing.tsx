// The executive's Monday page, at the top of the home page for roles that read quality: the Data Trust Score and its
// trend, the dimensions that moved, customer activity, consent coverage per purpose and privacy requests due. Every
// number opens what it counts (for an executive: the counts behind it, drillDownQuality).
import type { QualityDashboard } from "@c360/core/quality/get-quality-dashboard";
import type { CustomerHealth } from "@c360/core/overview/get-customer-health";
import type { PredictionModelVersion } from "@c360/core/predictions/list-prediction-models";
import { trustMovement } from "@c360/core/quality/trust-movement";
import Link from "next/link";
import { TrustTrendChart } from "~/components/quality/trust-trend-chart";
import { StatCard } from "~/components/stat-card";

const runLabel = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const signed = (points: number) => `${points > 0 ? "+" : ""}${points.toFixed(1)}`;
const share = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "—");

const BANDS = [
  { band: "high", label: "High", color: "bg-rose-500" },
  { band: "medium", label: "Medium", color: "bg-amber-400" },
  { band: "low", label: "Low", color: "bg-emerald-500" },
] as const;

/** The churn-risk distribution of the active model and of the version before it (issue 23's model versions). */
function ChurnRisk({ models }: { models: readonly PredictionModelVersion[] }) {
  const [current, previous] = models;
  if (!current)
    return (
      <p className="text-sm text-slate-600" data-testid="churn-risk">
        No churn model trained yet.
      </p>
    );
  const total = BANDS.reduce((n, b) => n + current.metrics.bands[b.band], 0);
  const before = previous ? BANDS.reduce((n, b) => n + previous.metrics.bands[b.band], 0) : 0;
  const highShare = total > 0 ? current.metrics.bands.high / total : 0;
  const highBefore = previous && before > 0 ? previous.metrics.bands.high / before : null;
  return (
    <div data-testid="churn-risk">
      <div className="flex h-3 overflow-hidden rounded" aria-hidden="true">
        {BANDS.map((b) => (
          <span
            key={b.band}
            className={b.color}
            style={{ width: `${total > 0 ? (100 * current.metrics.bands[b.band]) / total : 0}%` }}
          />
        ))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-4 text-sm" aria-label="Churn risk bands">
        {BANDS.map((b) => (
          <li key={b.band} data-churn-band={b.band}>
            <span className={`mr-1 inline-block h-2 w-2 rounded-full ${b.color}`} aria-hidden="true" />
            {b.label}: {current.metrics.bands[b.band].toLocaleString("en-US")}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs text-slate-600">
        Model v{current.version}, as of {runLabel.format(new Date(current.asOf))}, {current.horizonDays}-day
        horizon: {(highShare * 100).toFixed(1)}% at high risk
        {highBefore === null
          ? "."
          : ` (${signed((highShare - highBefore) * 100)} points on v${previous!.version}).`}{" "}
        <Link href="/quality/predictions" className="text-brand-700 underline">
          How good the model is
        </Link>
      </p>
    </div>
  );
}

export function ExecutiveBriefing({
  dashboard,
  health,
  models,
}: {
  dashboard: QualityDashboard;
  health: CustomerHealth;
  /** Churn model versions, newest first. */
  models: readonly PredictionModelVersion[];
}) {
  const movement = trustMovement(dashboard.trend);
  const figures = dashboard.latest?.summary.figures;
  const activeChange = health.activeLast90Days - health.activePrevious90Days;
  return (
    <section aria-labelledby="briefing-heading" className="mb-8" data-testid="executive-briefing">
      <h2 id="briefing-heading" className="mb-3 text-lg font-medium">
        Briefing
      </h2>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard
          label="Data Trust Score"
          value={movement.latest === null ? null : movement.latest.toFixed(1)}
          hint={
            movement.latest === null
              ? "no quality run yet"
              : movement.change === null
                ? "first run: no change to show yet"
                : `${signed(movement.change)} points since the run before`
          }
          href="/quality"
        />
        <StatCard
          label="Active customers"
          value={health.activeLast90Days}
          hint={`${share(health.activeLast90Days, health.profiles)} of ${health.profiles.toLocaleString("en-US")} profiles in 90 days; ${activeChange >= 0 ? "+" : ""}${activeChange.toLocaleString("en-US")} on the quarter before`}
          href="/quality/drill/golden-profiles"
        />
        <StatCard
          label="Privacy requests due"
          value={figures ? figures.privacy.open : null}
          hint={
            figures
              ? `${figures.privacy.overdue} overdue, ${figures.privacy.dueWithinWeek} due within a week`
              : "measured with the next quality run"
          }
          href="/quality/drill/privacy"
        />
        <StatCard
          label="Open quality issues"
          value={figures ? figures.stewardship.openQualityIssues : null}
          hint={figures ? `${figures.stewardship.openReviewTasks} matches awaiting review` : undefined}
          href="/quality/drill/issues"
        />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <h3 className="mb-2 text-sm font-medium text-slate-700">Data Trust Score, last runs</h3>
          <TrustTrendChart
            points={dashboard.trend.map((p) => ({
              at: runLabel.format(new Date(p.finishedAt)),
              score: p.trustScore,
            }))}
          />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <h3 className="mb-2 text-sm font-medium text-slate-700">What moved since the run before</h3>
          {movement.moved.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="nothing-moved">
              {dashboard.trend.length < 2
                ? "One run so far: the next one shows what moved."
                : "No dimension moved by a tenth of a point or more."}
            </p>
          ) : (
            <ul className="space-y-1 text-sm" aria-label="Dimensions that moved">
              {movement.moved.map((move) => (
                <li key={move.dimension} data-dimension-move={move.dimension}>
                  <Link
                    href={`/quality/drill/dimension?key=${move.dimension}`}
                    className="text-brand-700 underline"
                  >
                    {move.dimension}
                  </Link>{" "}
                  {move.change === null ? (
                    <span className="text-slate-600">
                      {move.after === null ? "no longer measured" : "measured for the first time"}
                    </span>
                  ) : (
                    <span className={move.change < 0 ? "text-rose-700" : "text-emerald-700"}>
                      {signed(move.change)} points ({((move.before ?? 0) * 100).toFixed(1)}% →{" "}
                      {((move.after ?? 0) * 100).toFixed(1)}%)
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-4 mb-2 text-sm font-medium text-slate-700">Churn risk</h3>
          <ChurnRisk models={models} />
          <h3 className="mt-4 mb-2 text-sm font-medium text-slate-700">Consent coverage per purpose</h3>
          {!figures || figures.consent.length === 0 ? (
            <p className="text-sm text-slate-600">No consent purposes measured yet.</p>
          ) : (
            <ul className="space-y-2 text-sm" aria-label="Consent coverage">
              {figures.consent.map((purpose) => {
                const rate = purpose.given / Math.max(1, figures.goldenProfiles);
                return (
                  <li key={purpose.purposeId}>
                    <Link
                      href={`/quality/drill/consent?key=${purpose.purposeId}`}
                      className="flex items-center gap-2"
                      data-consent-purpose={purpose.key}
                    >
                      <span className="w-44 truncate text-slate-700">{purpose.name}</span>
                      <span className="h-2 flex-1 rounded bg-slate-100" aria-hidden="true">
                        <span
                          className="block h-2 rounded bg-brand-600"
                          style={{ width: `${Math.min(100, rate * 100).toFixed(1)}%` }}
                        />
                      </span>
                      <span className="w-36 text-right tabular-nums text-slate-700">
                        {purpose.given.toLocaleString("en-US")} ({(rate * 100).toFixed(1)}%)
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
