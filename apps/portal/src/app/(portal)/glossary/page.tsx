import { Table } from "@c360/ui/table";
import { actorCan } from "@c360/core/actor";
import type { Metadata } from "next";
import Link from "next/link";
import { GlossaryTools } from "~/components/glossary/glossary-tools";
import { StatusBadge } from "~/components/glossary/status-badge";
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
      <form role="search" className="mb-4 flex flex-wrap items-end gap-2" action="/glossary">
        <label className="flex flex-col text-sm text-slate-700">
          Search terms
          <input
            name="q"
            defaultValue={query}
            placeholder="name, synonym or definition"
            className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="flex flex-col text-sm text-slate-700">
          Status
          <select
            name="status"
            defaultValue={status ?? ""}
            className="mt-1 rounded-md border border-slate-300 px-3 py-2"
          >
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <button className="rounded-md bg-slate-800 px-4 py-2 text-sm text-white">Search</button>
      </form>
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
