import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { ImportUpload } from "./import-upload";

export const metadata: Metadata = { title: "Import into a source" };

export default async function SourceImportPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  await checkPageAccess(`/admin/sources/${name}/import`);
  const api = await getServerApi();
  const sources = await api.sources.list();
  const source = sources.find((s) => s.name === name);
  if (!source) notFound();
  const batches = await api.sources.importBatches({ name, limit: 10 });
  return (
    <>
      <PageHeader
        title={`Import into ${source.name}`}
        description="Upload a CSV (first row names the columns) or a JSON-lines file. Rows are stored in chunks; rejected rows are listed with their row number and reason, the rest are kept."
      >
        <Link href="/admin/sources" className="text-sm text-brand-700 underline">
          All sources
        </Link>
      </PageHeader>
      <ImportUpload sourceName={source.name} initialBatches={batches} />
    </>
  );
}
