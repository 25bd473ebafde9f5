import { actorCan } from "@c360/core/actor";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "~/components/glossary/status-badge";
import { TermActions } from "~/components/glossary/term-actions";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Glossary term" };

const show = (value: unknown) =>
  Array.isArray(value) ? value.join(", ") || "—" : value === null || value === "" ? "—" : String(value);

export default async function TermPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await checkPageAccess(`/glossary/${slug}`);
  const api = await getServerApi();
  const term = await api.glossary.getTerm({ idOrSlug: slug }).catch((error: { code?: string }) => {
    if (error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const latest = term.versions[0];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/glossary" className="text-brand-700 underline">
          Glossary
        </Link>
        {term.parent && (
          <>
            {" / "}
            <Link href={`/glossary/${term.parent.slug}`} className="text-brand-700 underline">
              {term.parent.name}
            </Link>
          </>
        )}
      </p>
      <PageHeader title={term.name} description={term.content.definition || "No definition yet."}>
        <StatusBadge status={term.status} />
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-3">
        <section
          aria-labelledby="about-heading"
          className="rounded-xl border border-slate-200 bg-white p-4 lg:col-span-2"
        >
          <h2 id="about-heading" className="mb-3 text-lg font-medium">
            About
          </h2>
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">Synonyms</dt>
            <dd>{show(term.content.synonyms)}</dd>
            <dt className="text-slate-500">Domain</dt>
            <dd>{show(term.content.domain)}</dd>
            <dt className="text-slate-500">Classification</dt>
            <dd>{show(term.content.classification)}</dd>
            <dt className="text-slate-500">Owner</dt>
            <dd>{term.owner ? `${term.owner.name} (${term.owner.email})` : "—"}</dd>
            <dt className="text-slate-500">Reviewers</dt>
            <dd>{term.reviewers.map((r) => r.email).join(", ") || "any other governance lead"}</dd>
            <dt className="text-slate-500">Related terms</dt>
            <dd>
              {term.related.length
                ? term.related.map((r, i) => (
                    <span key={r.id}>
                      {i > 0 && ", "}
                      <Link href={`/glossary/${r.slug}`} className="text-brand-700 underline">
                        {r.name}
                      </Link>
                    </span>
                  ))
                : "—"}
            </dd>
            <dt className="text-slate-500">Narrower terms</dt>
            <dd>
              {term.children.length
                ? term.children.map((c, i) => (
                    <span key={c.id}>
                      {i > 0 && ", "}
                      <Link href={`/glossary/${c.slug}`} className="text-brand-700 underline">
                        {c.name}
                      </Link>
                    </span>
                  ))
                : "—"}
            </dd>
            <dt className="text-slate-500">Version</dt>
            <dd>
              {term.currentVersion}
              {term.pendingVersion && ` (version ${term.pendingVersion} in review)`}
            </dd>
          </dl>
          <h3 className="mt-6 mb-2 font-medium">Linked catalog fields</h3>
          <ul aria-label="Linked catalog fields" className="text-sm">
            {term.links.map((link) => (
              <li key={link.assetId}>
                <code className="rounded bg-slate-100 px-1">{link.qualifiedName}</code>{" "}
                <span className="text-slate-500">({link.kind.replace("_", " ")})</span>
              </li>
            ))}
            {term.links.length === 0 && <li className="text-slate-500">Not linked to any field yet.</li>}
          </ul>
        </section>
        <TermActions
          term={{ id: term.id, name: term.name, status: term.status, content: term.content }}
          canWrite={actorCan(access.actor, "glossary:write")}
          isAuthorOfPending={!!term.pendingVersion && latest?.changedById === access.actor.userId}
        />
      </div>
      <section
        aria-labelledby="history-heading"
        className="mt-6 rounded-xl border border-slate-200 bg-white p-4"
      >
        <h2 id="history-heading" className="mb-3 text-lg font-medium">
          History
        </h2>
        <ol className="space-y-4">
          {term.versions.map((v) => (
            <li
              key={v.version}
              data-testid={`version-${v.version}`}
              className="border-l-2 border-slate-200 pl-4"
            >
              <p className="text-sm">
                <span className="font-medium">Version {v.version}</span> by {v.changedBy ?? "system"} on{" "}
                {v.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                {v.changeNote && <span className="text-slate-600"> — {v.changeNote}</span>}
              </p>
              {v.decisions.map((d) => (
                <p
                  key={`${d.reviewer}${d.at.toISOString()}`}
                  className={`text-sm ${d.decision === "approved" ? "text-green-800" : "text-red-800"}`}
                >
                  {d.decision} by {d.reviewer}
                  {d.comment && `: ${d.comment}`}
                </p>
              ))}
              {v.changes.length > 0 && (
                <table className="mt-2 text-sm" aria-label={`Changes in version ${v.version}`}>
                  <thead className="text-slate-500">
                    <tr>
                      <th scope="col" className="pr-4 text-left font-normal">
                        Field
                      </th>
                      <th scope="col" className="pr-4 text-left font-normal">
                        Before
                      </th>
                      <th scope="col" className="text-left font-normal">
                        After
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.changes.map((c) => (
                      <tr key={c.field} className="align-top">
                        <td className="pr-4 font-medium">{c.field}</td>
                        <td className="pr-4 text-red-800 line-through decoration-red-300">
                          {show(c.before)}
                        </td>
                        <td className="text-green-800">{show(c.after)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
