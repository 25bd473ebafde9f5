import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Consent" };

export default async function ConsentPage() {
  const access = await checkPageAccess("/consent");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Consent" description="Purposes, notices, the consent ledger and data-subject requests." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Consent purposes" value={overview.consentPurposes} />
        <StatCard label="Open privacy requests" value={overview.openPrivacyRequests} />
        <StatCard label="Past their due date" value={overview.overduePrivacyRequests} />
      </div>
    </>
  );
}
