import { Table } from "@c360/ui/table";
import { actorCan } from "@c360/core/actor";
import type { Metadata } from "next";
import Link from "next/link";
import { GlossaryTools } from "~/components/glossary/glossary-tools";
import { StatusBadge } from "~/components/glossary/status-badge";
import { FilterForm, SearchField, SelectField } from "~/components/filter-form";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Glossary" };

const statuses = ["draft", "in_review", "approved", "deprecated"] as const;

export default async function GlossaryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await checkPageAccess("/glossary");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 200) : "";
  const status = statuses.find((s) => s === params.status);
  const terms = await (await getServerApi()).glossary.listTerms({ query: query || undefined, status });
  const canWrite = actorCan(access.actor, "glossary:write");
  return (
    <>
      <PageHeader
        title="Glossary"
        description="The business meaning of every customer field: definitions, owners, reviewers and approval status."
      />
      <FilterForm action="/glossary">
        <SearchField label="Search terms" value={query} placeholder="name, synonym or definition" />
        <SelectField
          label="Status"
          name="status"
          value={status}
          options={statuses.map((s) => ({ value: s, label: s.replace("_", " ") }))}
        />
      </FilterForm>
      <Table
        label="Glossary terms"
        rows={terms}
        rowKey={(term) => term.id}
        empty={query || status ? "No term matches." : "No terms yet."}
        columns={[
          {
            id: "term",
            header: "Term",
            className: "font-medium",
            cell: (term) => (
              <>
                <Link href={`/glossary/${term.slug}`} className="text-brand-700 underline">
                  {term.name}
                </Link>
                {term.synonyms.length > 0 && (
                  <div className="text-xs text-slate-500">also: {term.synonyms.join(", ")}</div>
                )}
              </>
            ),
          },
          {
            id: "definition",
            header: "Definition",
            className: "max-w-md text-slate-700",
            cell: (term) =>
              term.definition.length > 160 ? `${term.definition.slice(0, 160)}…` : term.definition,
          },
          { id: "domain", header: "Domain", cell: (term) => term.domain ?? "—" },
          { id: "status", header: "Status", cell: (term) => <StatusBadge status={term.status} /> },
          {
            id: "classification",
            header: "Classification",
            cell: (term) => term.classification.join(", ") || "—",
          },
          { id: "owner", header: "Owner", cell: (term) => term.ownerEmail ?? "—" },
          { id: "linked", header: "Linked fields", cell: (term) => term.linkedAssets },
        ]}
      />
      <GlossaryTools canWrite={canWrite} />
    </>
  );
}
