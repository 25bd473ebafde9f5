import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Quality" };

export default async function QualityPage() {
  const access = await checkPageAccess("/quality");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Quality" description="How far the customer data can be trusted: the Data Trust Score, its rules and the issues they raise." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Data Trust Score" value={overview.latestTrustScore === null ? null : overview.latestTrustScore.toFixed(1)} hint={overview.latestTrustScore === null ? "no quality run yet" : undefined} />
        <StatCard label="Open quality issues" value={overview.openQualityIssues} />
      </div>
    </>
  );
}
