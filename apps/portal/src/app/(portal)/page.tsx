// The overview: what c360 holds right now, with a way into each section the viewer may open.
import { roleMeets, type Requirement } from "@c360/auth/permissions";
import type { Metadata } from "next";
import { ExecutiveBriefing } from "~/components/executive-briefing";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Overview" };

export default async function HomePage() {
  const access = await checkPageAccess("/");
  const role = access.actor.role!;
  const api = await getServerApi();
  const overview = await api.overview.get();
  // Those who decide whether to trust the data (executives, governance leads, administrators) open on the briefing:
  // trust, what moved, customers, consent, privacy. Stewards and analysts keep the counts of their work below.
  const briefing = (["executive", "governance_lead", "admin"] as const).some((r) => r === role)
    ? await Promise.all([
        api.quality.dashboard({ trendRuns: 12 }),
        api.overview.customerHealth(),
        api.predictions.models(),
      ])
    : null;
  const linkIf = (requires: Requirement, href: string) => (roleMeets(role, requires) ? href : undefined);

  return (
    <>
      <PageHeader
        title={`Welcome, ${access.actor.name ?? access.actor.label}`}
        description="What c360 holds right now: source systems and their records, the golden profiles resolved from them, and the governance around them."
      />
      {briefing && <ExecutiveBriefing dashboard={briefing[0]} health={briefing[1]} models={briefing[2]} />}
      <section aria-labelledby="data-heading" className="mb-8">
        <h2 id="data-heading" className="mb-3 text-lg font-medium">
          Customer data
        </h2>
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard label="Source systems" value={overview.sources} href={linkIf("admin", "/admin")} />
          <StatCard
            label="Source records"
            value={overview.sourceRecords}
            href={linkIf("profile:read", "/profiles")}
          />
          <StatCard
            label="Golden profiles"
            value={overview.profiles}
            href={linkIf("profile:read", "/profiles")}
          />
          <StatCard
            label="Matches awaiting review"
            value={overview.openReviewTasks}
            href={linkIf("stewardship:write", "/stewardship")}
          />
        </div>
      </section>
      <section aria-labelledby="governance-heading" className="mb-8">
        <h2 id="governance-heading" className="mb-3 text-lg font-medium">
          Governance and trust
        </h2>
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard
            label="Glossary terms"
            value={overview.glossaryTerms}
            hint={`${overview.approvedGlossaryTerms} approved`}
            href="/glossary"
          />
          <StatCard
            label="Catalog assets"
            value={overview.catalogAssets}
            hint={`${overview.lineageEdges} lineage edges`}
            href="/catalog"
          />
          <StatCard
            label="Open privacy requests"
            value={overview.openPrivacyRequests}
            hint={
              overview.overduePrivacyRequests
                ? `${overview.overduePrivacyRequests} past their due date`
                : "none overdue"
            }
            href={linkIf("privacy:write", "/consent")}
          />
          {!briefing && (
            <StatCard
              label="Data Trust Score"
              value={overview.latestTrustScore === null ? null : `${overview.latestTrustScore.toFixed(1)}`}
              hint={
                overview.latestTrustScore === null
                  ? "no quality run yet"
                  : `${overview.openQualityIssues} open quality issues`
              }
              href={linkIf("quality:read", "/quality")}
            />
          )}
        </div>
      </section>
    </>
  );
}
