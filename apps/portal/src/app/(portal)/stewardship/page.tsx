import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Stewardship" };

export default async function StewardshipPage() {
  const access = await checkPageAccess("/stewardship");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Stewardship" description="Uncertain matches waiting for a decision, and the merges and unmerges stewards have made." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Matches awaiting review" value={overview.openReviewTasks} />
        <StatCard label="Open quality issues" value={overview.openQualityIssues} />
      </div>
    </>
  );
}
