import { actorCan, systemActor } from "@c360/core/actor";
import { syncCatalogFromPlatform } from "@c360/core/catalog/sync-catalog";
import type { Metadata } from "next";
import { LineageExplorer } from "~/components/lineage/lineage-explorer";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { getDb } from "~/server/db";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Lineage" };

export default async function LineagePage() {
  const access = await checkPageAccess("/lineage");
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  const api = await getServerApi();
  let graph = await api.lineage.graph();
  // The platform registers its own assets the first time anyone looks; afterwards leads refresh on demand.
  if (!graph.nodes.some((n) => n.registeredBy === "platform")) {
    await syncCatalogFromPlatform(await getDb(), systemActor("catalog-sync"));
    graph = await api.lineage.graph();
  }
  return (
    <>
      <PageHeader
        title="Lineage"
        description="Where each customer field comes from and what depends on it, from source columns through standardized fields and survivorship to golden attributes and exports."
      />
      <LineageExplorer graph={graph} canWrite={actorCan(access.actor, "lineage:write")} />
    </>
  );
}
