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
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" aria-label="Glossary terms">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Term
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Definition
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Domain
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Classification
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Owner
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Linked fields
              </th>
            </tr>
          </thead>
          <tbody>
            {terms.map((term) => (
              <tr key={term.id} className="border-t border-slate-100 align-top">
                <td className="px-4 py-2 font-medium">
                  <Link href={`/glossary/${term.slug}`} className="text-brand-700 underline">
                    {term.name}
                  </Link>
                  {term.synonyms.length > 0 && (
                    <div className="text-xs text-slate-500">also: {term.synonyms.join(", ")}</div>
                  )}
                </td>
                <td className="max-w-md px-4 py-2 text-slate-700">
                  {term.definition.length > 160 ? `${term.definition.slice(0, 160)}…` : term.definition}
                </td>
                <td className="px-4 py-2">{term.domain ?? "—"}</td>
                <td className="px-4 py-2">
                  <StatusBadge status={term.status} />
                </td>
                <td className="px-4 py-2">{term.classification.join(", ") || "—"}</td>
                <td className="px-4 py-2">{term.ownerEmail ?? "—"}</td>
                <td className="px-4 py-2">{term.linkedAssets}</td>
              </tr>
            ))}
            {terms.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  {query || status ? "No term matches." : "No terms yet."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <GlossaryTools canWrite={canWrite} />
    </>
  );
}
