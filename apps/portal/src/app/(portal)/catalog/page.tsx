import { assetKinds, type AssetKind } from "@c360/core/catalog/catalog-schemas";
import { classificationTags } from "@c360/core/glossary/glossary-schemas";
import { Table } from "@c360/ui/table";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm, SearchField, SelectField } from "~/components/filter-form";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Catalog" };

const kindLabels: Record<AssetKind, string> = {
  source_system: "Source system",
  dataset: "Dataset",
  column: "Column",
  standardized_field: "Standardized field",
  golden_attribute: "Golden attribute",
  export: "Export",
  segment: "Segment",
  dashboard: "Dashboard",
  job: "Job",
};

const PAGE_SIZE = 50;
const day = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

function qualityTone(score: number): string {
  if (score >= 0.95) return "bg-emerald-100 text-emerald-800";
  if (score >= 0.8) return "bg-amber-100 text-amber-800";
  return "bg-rose-100 text-rose-800";
}

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPageAccess("/catalog");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const kind = assetKinds.find((k) => k === params.kind);
  const classification = [...classificationTags, "none" as const].find((c) => c === params.classification);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(String(params.page ?? "1"), 10) || 1));
  const catalog = await (
    await getServerApi()
  ).catalog.browse({ query: query || undefined, kind, classification, page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(catalog.total / PAGE_SIZE));
  const linkTo = (next: number) => {
    const search = new URLSearchParams();
    if (query) search.set("q", query);
    if (kind) search.set("kind", kind);
    if (classification) search.set("classification", classification);
    if (next > 1) search.set("page", String(next));
    const text = search.toString();
    return text ? `/catalog?${text}` : "/catalog";
  };
  const filtered = Boolean(query || kind || classification);
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Every data asset c360 knows: source systems, their datasets and columns, standardized fields, golden attributes, segments, exports and OpenLineage datasets, with owners, glossary terms, classification and quality."
      />
      <FilterForm action="/catalog">
        <SearchField label="Search assets" value={query} placeholder="name, description or glossary term" />
        <SelectField
          label="Kind"
          name="kind"
          value={kind}
          anyLabel={`any (${catalog.kinds.reduce((n, k) => n + k.count, 0)})`}
          options={catalog.kinds.map((k) => ({ value: k.kind, label: `${kindLabels[k.kind]} (${k.count})` }))}
        />
        <SelectField
          label="Classification"
          name="classification"
          value={classification}
          options={[
            ...classificationTags.map((tag) => ({ value: tag, label: tag })),
            { value: "none", label: "unclassified" },
          ]}
        />
      </FilterForm>
      <p className="mb-2 text-sm text-slate-600" data-testid="catalog-summary">
        {catalog.total.toLocaleString("en-US")} {catalog.total === 1 ? "asset" : "assets"}
        {filtered ? " match" : ""}
        {" · "}
        {catalog.qualityMeasuredAt
          ? `quality from the run of ${day(catalog.qualityMeasuredAt)}`
          : "no quality run yet"}
      </p>
      <Table
        label="Catalog assets"
        rows={catalog.rows}
        rowKey={(asset) => asset.id}
        rowProps={(asset) => ({ "data-asset": asset.qualifiedName })}
        empty={
          filtered
            ? "No asset matches: clear a filter or search for another name."
            : "The catalog is empty: add a source or run setup."
        }
        columns={[
          {
            id: "name",
            header: "Asset",
            className: "font-medium",
            cell: (asset) => (
              <>
                <Link href={`/lineage?asset=${asset.id}`} className="text-brand-700 underline">
                  {asset.name}
                </Link>
                <div className="text-xs font-normal text-slate-500">
                  {asset.parentName ? `in ${asset.parentName} · ` : ""}
                  {asset.qualifiedName}
                </div>
                {asset.description && (
                  <div className="max-w-md text-xs font-normal text-slate-600">{asset.description}</div>
                )}
              </>
            ),
          },
          { id: "kind", header: "Kind", cell: (asset) => kindLabels[asset.kind] },
          { id: "owner", header: "Owner", cell: (asset) => asset.ownerEmail ?? "—" },
          {
            id: "terms",
            header: "Glossary terms",
            cell: (asset) =>
              asset.terms.length === 0
                ? "—"
                : asset.terms.map((term, i) => (
                    <span key={term.slug}>
                      {i > 0 && ", "}
                      <Link href={`/glossary/${term.slug}`} className="text-brand-700 underline">
                        {term.name}
                      </Link>
                      {term.status !== "approved" && (
                        <span className="text-xs text-slate-500"> ({term.status.replace("_", " ")})</span>
                      )}
                    </span>
                  )),
          },
          {
            id: "classification",
            header: "Classification",
            cell: (asset) =>
              asset.classification.length === 0 ? (
                <span className="text-slate-400">unclassified</span>
              ) : (
                asset.classification.map((tag) => (
                  <span
                    key={tag}
                    className="mr-1 rounded bg-violet-100 px-1.5 py-0.5 text-xs font-medium text-violet-800"
                  >
                    {tag}
                  </span>
                ))
              ),
          },
          {
            id: "quality",
            header: "Quality",
            className: "tabular-nums",
            cell: (asset) =>
              asset.quality ? (
                <span
                  title={`${asset.quality.rules} rules measured, ${asset.quality.failing} below threshold`}
                  className={`rounded px-1.5 py-0.5 text-xs font-medium ${qualityTone(asset.quality.score)}`}
                >
                  {(asset.quality.score * 100).toFixed(1)}%
                  {asset.quality.failing > 0 && ` · ${asset.quality.failing} failing`}
                </span>
              ) : (
                <span className="text-slate-400">not measured</span>
              ),
          },
          { id: "updated", header: "Updated", cell: (asset) => day(asset.updatedAt) },
        ]}
      />
      {pages > 1 && (
        <nav aria-label="Catalog pages" className="mt-3 flex items-center gap-3 text-sm">
          {page > 1 && (
            <Link href={linkTo(page - 1)} className="text-brand-700 underline">
              Previous
            </Link>
          )}
          <span className="text-slate-600">
            Page {page} of {pages}
          </span>
          {page < pages && (
            <Link href={linkTo(page + 1)} className="text-brand-700 underline">
              Next
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
