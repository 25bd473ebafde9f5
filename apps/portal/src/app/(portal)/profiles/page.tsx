import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage() {
  const access = await checkPageAccess("/profiles");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Profiles" description="Golden customer profiles resolved from every source system, each value with its provenance." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Golden profiles" value={overview.profiles} />
        <StatCard label="Source records" value={overview.sourceRecords} />
        <StatCard label="Source systems" value={overview.sources} />
      </div>
    </>
  );
}
