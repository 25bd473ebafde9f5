import { actorCan } from "@c360/core/actor";
import type { Metadata } from "next";
import { LineageExplorer } from "~/components/lineage/lineage-explorer";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Lineage" };

export default async function LineagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await checkPageAccess("/lineage");
  const api = await getServerApi();
  // A read only: setup, file imports, source changes and the worker's schedule keep the catalog current.
  const graph = await api.lineage.graph();
  // ?asset=<id> (the catalog's links) opens the graph on that asset; an unknown id opens it as usual.
  const asked = (await searchParams).asset;
  const initialAssetId = typeof asked === "string" && graph.nodes.some((n) => n.id === asked) ? asked : null;
  return (
    <>
      <PageHeader
        title="Lineage"
        description="Where each customer field comes from and what depends on it, from source columns through standardized fields and survivorship to golden attributes and exports."
      />
      <LineageExplorer
        graph={graph}
        canWrite={actorCan(access.actor, "lineage:write")}
        initialAssetId={initialAssetId}
      />
    </>
  );
}
