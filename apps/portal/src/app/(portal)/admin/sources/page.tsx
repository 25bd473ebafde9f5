import type { Metadata } from "next";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { SourcesPanel } from "./sources-panel";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  await checkPageAccess("/admin/sources");
  const api = await getServerApi();
  const sources = await api.sources.list();
  return (
    <>
      <PageHeader
        title="Sources"
        description="The systems customer records come from: how their columns map to canonical fields, how far each is trusted, and their API tokens."
      />
      <SourcesPanel initialSources={sources} />
    </>
  );
}
