import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Glossary" };

export default async function GlossaryPage() {
  const access = await checkPageAccess("/glossary");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Glossary" description="The business meaning of every customer field: definitions, owners, reviewers and approval status." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Glossary terms" value={overview.glossaryTerms} />
        <StatCard label="Approved terms" value={overview.approvedGlossaryTerms} />
      </div>
    </>
  );
}
