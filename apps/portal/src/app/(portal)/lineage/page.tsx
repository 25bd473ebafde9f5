import type { Metadata } from "next";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Lineage" };

export default async function LineagePage() {
  const access = await checkPageAccess("/lineage");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const overview = await (await getServerApi()).overview.get();
  return (
    <>
      <PageHeader title="Lineage" description="Where each customer field comes from and what depends on it, from source columns to golden attributes and exports." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Catalog assets" value={overview.catalogAssets} />
        <StatCard label="Lineage edges" value={overview.lineageEdges} />
      </div>
    </>
  );
}
