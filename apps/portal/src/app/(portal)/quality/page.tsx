import { roleHas } from "@c360/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { BacklogChart } from "~/components/quality/backlog-chart";
import { DimensionBars } from "~/components/quality/dimension-bars";
import { RunNowButton } from "~/components/quality/run-now-button";
import { TrustTrendChart } from "~/components/quality/trust-trend-chart";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Quality" };

// Runs span years: the year is part of every label ("07 Dec 2026, 09:00"), on the axes as in the tooltips.
const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? null : `${(value * 100).toFixed(1)}%`;
const hours = (value: number | null) =>
  value === null ? null : value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} days`;

function Section({
  id,
  title,
  children,
  action,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 id={id} className="text-lg font-medium text-slate-900">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export default async function QualityPage() {
  const access = await checkPageAccess("/quality");
  const canWrite = access.actor.role !== null && roleHas(access.actor.role, "quality:write");
  const { latest, trend } = await (await getServerApi()).quality.dashboard();
  const header = (
    <PageHeader
      title="Data quality"
      description="How far the customer data can be trusted: the Data Trust Score, its dimensions and trend, and what to fix next. Every number opens the records behind it."
    >
      <nav aria-label="Quality" className="flex gap-2 text-sm">
        <Link href="/quality/rules" className="rounded-md border border-slate-300 px-3 py-1.5">
          Rules
        </Link>
        <Link href="/quality/issues" className="rounded-md border border-slate-300 px-3 py-1.5">
          Issues
        </Link>
        <Link href="/quality/unattributed-events" className="rounded-md border border-slate-300 px-3 py-1.5">
          Unattributed events
        </Link>
        <Link href="/quality/predictions" className="rounded-md border border-slate-300 px-3 py-1.5">
          Churn predictions
        </Link>
      </nav>
      {canWrite && <RunNowButton />}
    </PageHeader>
  );
  if (!latest) {
    return (
      <>
        {header}
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-700">
          No quality run yet.{" "}
          {canWrite ? "Run the checks now, or" : "Ask a steward or governance lead to run them, or"} run{" "}
          <code>npx c360 quality run</code>.
        </p>
      </>
    );
  }
  const { summary } = latest;
  const f = summary.figures;
  const previous = trend.length > 1 ? trend[trend.length - 2]!.trustScore : null;
  const delta = latest.trustScore !== null && previous !== null ? latest.trustScore - previous : null;
  const points = trend.map((t) => ({ at: dayFormat.format(t.finishedAt), score: t.trustScore }));
  return (
    <>
      {header}
      <p className="mb-4 text-sm text-slate-500">
        Latest run {dayFormat.format(latest.finishedAt)} UTC ({latest.trigger}); {summary.rules.measured}{" "}
        rules measured, {summary.rules.failing} failing.
      </p>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard
          label="Data Trust Score"
          value={latest.trustScore === null ? null : latest.trustScore.toFixed(1)}
          href="/quality/rules"
          hint={
            delta === null
              ? "out of 100"
              : `${delta >= 0 ? "+" : ""}${delta.toFixed(1)} since the previous run`
          }
        />
        <StatCard
          label="Duplicate rate"
          value={percent(summary.duplicateRate.rate)}
          href="/quality/drill/duplicates"
          hint={`${summary.duplicateRate.flagged.toLocaleString("en-US")} golden emails and phones held by another profile too`}
        />
        <StatCard
          label="Golden profiles"
          value={f.goldenProfiles}
          href="/quality/drill/golden-profiles"
          hint={`from ${f.sourceRecords.toLocaleString("en-US")} source records`}
        />
        <StatCard
          label="Duplicates found"
          value={f.duplicates.found}
          href="/quality/drill/golden-profiles"
          hint="records resolved into an existing profile"
        />
        <StatCard
          label="Profiles merged"
          value={f.duplicates.merged}
          href="/quality/drill/merged"
          hint={`${f.duplicates.mergedByStewards} by steward review`}
        />
        <StatCard
          label="Open quality issues"
          value={f.stewardship.openQualityIssues}
          href="/quality/issues"
          hint={
            hours(f.stewardship.medianHoursToResolveIssues)
              ? `median ${hours(f.stewardship.medianHoursToResolveIssues)} to resolve`
              : undefined
          }
        />
        <StatCard
          label="Review backlog"
          value={f.stewardship.openReviewTasks}
          href="/quality/drill/backlog"
          hint={
            hours(f.stewardship.medianHoursToResolve)
              ? `median ${hours(f.stewardship.medianHoursToResolve)} to decide`
              : "no decisions in 90 days"
          }
        />
        <StatCard
          label="Open privacy requests"
          value={f.privacy.open}
          href="/quality/drill/privacy"
          hint={`${f.privacy.overdue} overdue, ${f.privacy.dueWithinWeek} due within a week`}
        />
        {f.events && (
          <StatCard
            label="Unattributed events"
            value={f.events.waiting}
            href="/quality/unattributed-events"
            hint="kept, waiting for their person to be known"
          />
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="trend-heading" title="Trust score trend">
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <TrustTrendChart points={points} />
          </div>
        </Section>
        <Section id="dimensions-heading" title="Dimensions">
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <DimensionBars
              scores={Object.entries(summary.dimensions).map(([dimension, score]) => ({ dimension, score }))}
            />
            <ul className="mt-2 flex flex-wrap gap-3 text-sm">
              {Object.entries(summary.dimensions).map(([dimension, score]) => (
                <li key={dimension}>
                  <Link
                    href={`/quality/drill/dimension?key=${dimension}`}
                    className="text-brand-700 underline"
                    data-dimension={dimension}
                  >
                    {dimension} {percent(score) ?? "—"}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </Section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="match-heading" title="Match rate per source">
          <table className="min-w-full rounded-xl border border-slate-200 bg-white text-left text-sm">
            <caption className="sr-only">
              Share of each source&apos;s records matched to a record elsewhere
            </caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Source
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Records
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Matched
                </th>
              </tr>
            </thead>
            <tbody>
              {f.matchRates.map((s) => (
                <tr key={s.sourceId} className="border-t border-slate-100">
                  <td className="px-4 py-2">{s.name}</td>
                  <td className="px-4 py-2 tabular-nums">{s.records.toLocaleString("en-US")}</td>
                  <td className="px-4 py-2 tabular-nums">
                    <Link
                      href={`/quality/drill/match-rate?key=${s.sourceId}`}
                      className="text-brand-700 underline"
                    >
                      {percent(s.rate) ?? "—"}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section id="consent-heading" title="Consent coverage per purpose">
          {f.consent.length === 0 ? (
            <p className="text-sm text-slate-600">No consent purposes are defined yet.</p>
          ) : (
            <table className="min-w-full rounded-xl border border-slate-200 bg-white text-left text-sm">
              <caption className="sr-only">Share of golden profiles with consent given, per purpose</caption>
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Purpose
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Given
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Coverage
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.consent.map((c) => (
                  <tr key={c.purposeId} className="border-t border-slate-100">
                    <td className="px-4 py-2">{c.name}</td>
                    <td className="px-4 py-2 tabular-nums">{c.given.toLocaleString("en-US")}</td>
                    <td className="px-4 py-2 tabular-nums">
                      <Link
                        href={`/quality/drill/consent?key=${c.purposeId}`}
                        className="text-brand-700 underline"
                      >
                        {percent(c.rate) ?? "—"}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>

      <Section
        id="backlog-heading"
        title="Stewardship backlog"
        action={
          <Link href="/quality/drill/backlog" className="text-sm text-brand-700 underline">
            Open review tasks
          </Link>
        }
      >
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <BacklogChart
            points={trend.map((t) => ({
              at: dayFormat.format(t.finishedAt),
              reviewTasks: t.openReviewTasks,
              qualityIssues: t.openQualityIssues,
            }))}
          />
        </div>
      </Section>
    </>
  );
}
