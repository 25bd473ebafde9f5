import { actorCan } from "@c360/core/actor";
import { qualityMetrics, type QualityMetric } from "@c360/core/quality/quality-schemas";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Quality: the records behind a number" };

const PAGE_SIZE = 100;

export default async function DrillDownPage({
  params,
  searchParams,
}: {
  params: Promise<{ metric: string }>;
  searchParams: Promise<{ key?: string; page?: string }>;
}) {
  const { metric } = await params;
  const { key, page } = await searchParams;
  const access = await checkPageAccess(`/quality/drill/${metric}`);
  // Profile ids open the profile only for roles that may read profiles; others are shown counts (drillDownQuality).
  const canOpenProfiles = actorCan(access.actor, "profile:read");
  if (!(qualityMetrics as readonly string[]).includes(metric)) notFound();
  const pageNumber = Math.max(1, Number.parseInt(page ?? "1", 10) || 1);
  const drill = await (
    await getServerApi()
  ).quality.drillDown({
    metric: metric as QualityMetric,
    key,
    limit: PAGE_SIZE,
    offset: (pageNumber - 1) * PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(drill.total / PAGE_SIZE));
  const hrefOf = (n: number) =>
    `/quality/drill/${metric}?${new URLSearchParams({ ...(key ? { key } : {}), page: String(n) }).toString()}`;
  return (
    <>
      <PageHeader
        title={drill.title}
        description={`${drill.total.toLocaleString("en-US")} in all${drill.aggregated ? ", counted by group" : ""}.`}
      >
        <Link href="/quality" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Back to the dashboard
        </Link>
      </PageHeader>
      {drill.aggregated && (
        <p className="mb-3 text-sm text-slate-600" data-testid="drill-aggregated">
          Your role sees counts, not individual records or profiles: a steward or analyst can open the records
          behind them.
        </p>
      )}
      {drill.rows.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-700">
          Nothing here: no records are behind this number right now.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm" data-drill={metric}>
            <caption className="sr-only">{drill.title}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {drill.columns.map((c) => (
                  <th key={c.key} scope="col" className="px-4 py-2 font-medium">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {drill.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">
                  {drill.columns.map((c) => {
                    const value = row[c.key];
                    const text =
                      value === null || value === undefined
                        ? "—"
                        : typeof value === "boolean"
                          ? value
                            ? "yes"
                            : "no"
                          : String(value);
                    if (metric === "dimension" && c.key === "name" && row.ruleId) {
                      return (
                        <td key={c.key} className="px-4 py-2">
                          <Link
                            href={`/quality/drill/rule?key=${String(row.ruleId)}`}
                            className="text-brand-700 underline"
                          >
                            {text}
                          </Link>
                        </td>
                      );
                    }
                    if (c.key === "profileId" && canOpenProfiles && typeof value === "string") {
                      return (
                        <td key={c.key} className="px-4 py-2 font-mono text-xs">
                          <Link href={`/profiles/${value}`} className="text-brand-700 underline">
                            {value}
                          </Link>
                        </td>
                      );
                    }
                    return (
                      <td
                        key={c.key}
                        className={`px-4 py-2 ${c.key.endsWith("Id") ? "font-mono text-xs" : ""}`}
                      >
                        {c.key === "score" && typeof value === "number"
                          ? `${(value * 100).toFixed(1)}%`
                          : text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
          {pageNumber > 1 && <Link href={hrefOf(pageNumber - 1)}>Previous</Link>}
          <span>
            Page {pageNumber} of {pages}
          </span>
          {pageNumber < pages && <Link href={hrefOf(pageNumber + 1)}>Next</Link>}
        </nav>
      )}
    </>
  );
}
