// Value lineage: one profile's golden value traced to the source record it came from, the survivorship rule that
// chose it, the values it beat, and the catalog path it travelled. Link here with ?profile=<id>&attribute=<name>.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Value lineage" };

const show = (value: unknown) =>
  value === null || value === undefined || value === ""
    ? "—"
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

export default async function ValueLineagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPageAccess("/lineage/value");
  const params = await searchParams;
  const profileId = typeof params.profile === "string" ? params.profile.trim() : "";
  const attribute = typeof params.attribute === "string" ? params.attribute.trim() : "email";
  const api = await getServerApi();
  const result = profileId
    ? await api.lineage.valueLineage({ profileId, attribute }).then(
        (data) => ({ data, error: null }),
        (error: Error) => ({ data: null, error: error.message }),
      )
    : null;
  return (
    <>
      <PageHeader
        title="Value lineage"
        description="Where one customer's golden value came from: the source record, the rule that chose it and the values it beat."
      />
      <form action="/lineage/value" className="mb-6 flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col">
          Profile id
          <input
            name="profile"
            defaultValue={profileId}
            required
            className="mt-1 w-96 rounded-md border border-slate-300 px-3 py-2 font-mono"
          />
        </label>
        <label className="flex flex-col">
          Attribute
          <input
            name="attribute"
            defaultValue={attribute}
            className="mt-1 w-48 rounded-md border border-slate-300 px-3 py-2"
          />
        </label>
        <button className="rounded-md bg-slate-800 px-4 py-2 text-white">Trace</button>
        <Link href="/lineage" className="ml-2 text-brand-700 underline">
          Back to the lineage graph
        </Link>
      </form>
      {result?.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {result.error}
        </p>
      )}
      {result?.data && (
        <div className="grid gap-6 lg:grid-cols-2">
          <section
            aria-labelledby="value-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
          >
            <h2 id="value-heading" className="mb-2 text-lg font-medium">
              Golden {result.data.attribute}:{" "}
              <span data-testid="golden-value">{show(result.data.value)}</span>
            </h2>
            <p>
              Chosen by <strong>{result.data.rule.replaceAll("_", " ")}</strong> on{" "}
              {result.data.decidedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
            </p>
            {result.data.source ? (
              <p className="mt-2">
                From record <code>{result.data.source.externalId}</code> of{" "}
                <strong>{result.data.source.sourceName}</strong>
                {result.data.source.columns.map((c) => (
                  <span key={c.column}>
                    , column <code>{c.column}</code> = {show(c.rawValue)}
                  </span>
                ))}
              </p>
            ) : (
              <p className="mt-2 text-slate-600">The record it came from is no longer stored.</p>
            )}
            <h3 className="mt-4 mb-1 font-medium">Path</h3>
            <ol className="flex flex-wrap items-center gap-2" aria-label="Lineage path">
              {result.data.path.map((step, i) => (
                <li key={step.qualifiedName} className="flex items-center gap-2">
                  {i > 0 && <span aria-hidden>→</span>}
                  <code className="rounded bg-slate-100 px-1">{step.qualifiedName}</code>
                </li>
              ))}
            </ol>
          </section>
          <section
            aria-labelledby="candidates-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
          >
            <h2 id="candidates-heading" className="mb-2 text-lg font-medium">
              Values weighed
            </h2>
            <table className="min-w-full text-left">
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="pr-4 font-normal">
                    Value
                  </th>
                  <th scope="col" className="pr-4 font-normal">
                    Source
                  </th>
                  <th scope="col" className="pr-4 font-normal">
                    Record
                  </th>
                  <th scope="col" className="font-normal">
                    Chosen
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.candidates.map((c) => (
                  <tr key={`${c.sourceRecordId}${show(c.value)}`} className={c.chosen ? "font-medium" : ""}>
                    <td className="pr-4">{show(c.value)}</td>
                    <td className="pr-4">{c.sourceName ?? "—"}</td>
                    <td className="pr-4">{c.externalId ?? "—"}</td>
                    <td>{c.chosen ? "yes" : ""}</td>
                  </tr>
                ))}
                {result.data.candidates.length === 0 && (
                  <tr>
                    <td colSpan={4} className="text-slate-500">
                      Every record agreed: no rule had to choose.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </>
  );
}
