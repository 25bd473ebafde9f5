// Consent: find a person's consent, purposes and their notice versions, the ledger at a glance, file import, and
// the way to segments/exports and to privacy requests and the audit.
import type { Metadata } from "next";
import Link from "next/link";
import { ConsentImport } from "~/components/consent/consent-import";
import { ConsentNav } from "~/components/consent/consent-nav";
import { PurposesPanel } from "~/components/consent/purposes-panel";
import { FilterForm, SearchField } from "~/components/filter-form";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Consent" };

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPageAccess("/consent");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 200).trim() : "";
  const api = await getServerApi();
  const [overview, consent, purposes] = await Promise.all([
    api.overview.get(),
    api.consent.overview(),
    api.consent.purposes(),
  ]);
  const found = query ? await api.profiles.search({ query, pageSize: 10 }) : null;
  return (
    <>
      <PageHeader
        title="Consent"
        description="Purposes, notices, the consent ledger, consent-gated activation and data-subject requests."
      />
      <ConsentNav current="/consent" />
      <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Consent purposes" value={overview.consentPurposes} />
        <StatCard
          label="Consent events"
          value={consent.events}
          hint={`${consent.unattributed} not yet attributed to a profile`}
        />
        <StatCard
          label="Open privacy requests"
          value={overview.openPrivacyRequests}
          href="/consent/requests"
        />
        <StatCard
          label="Past their due date"
          value={overview.overduePrivacyRequests}
          href="/consent/requests"
        />
      </div>

      <section
        aria-labelledby="find-heading"
        className="mb-6 rounded-xl border border-slate-200 bg-white p-4"
      >
        <h2 id="find-heading" className="mb-2 text-lg font-medium">
          A person&apos;s consent
        </h2>
        <FilterForm action="/consent" submit="Find" className="">
          <SearchField
            label="Find a person"
            value={query}
            placeholder="name, email, phone, profile or record id"
            width="w-80"
          />
        </FilterForm>
        {found && (
          <ul aria-label="People found" className="mt-3 divide-y divide-slate-100 text-sm">
            {found.hits.length === 0 && <li className="py-2 text-slate-600">Nobody matches “{query}”.</li>}
            {found.hits.map((hit) => (
              <li key={hit.id} className="flex flex-wrap items-baseline gap-3 py-2">
                <Link href={`/consent/profiles/${hit.id}`} className="font-medium text-brand-700 underline">
                  {hit.displayName ?? hit.id}
                </Link>
                <span className="text-slate-600">{[hit.email, hit.city].filter(Boolean).join(" · ")}</span>
                <span className="text-xs text-slate-500">{hit.matchedOn}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <PurposesPanel purposes={purposes} counts={consent.purposes} />
        </div>
        <div className="space-y-6">
          <section
            aria-labelledby="recent-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
          >
            <h2 id="recent-heading" className="mb-2 text-lg font-medium">
              Latest ledger events
            </h2>
            {consent.recent.length === 0 ? (
              <p className="text-slate-600">No consent recorded yet.</p>
            ) : (
              <ol className="space-y-1">
                {consent.recent.map((e) => (
                  <li key={e.id}>
                    <time className="tabular-nums text-slate-500" dateTime={e.effectiveAt.toISOString()}>
                      {timeFormat.format(e.effectiveAt)}
                    </time>{" "}
                    <span className="font-mono text-xs">{e.purposeKey}</span> <strong>{e.status}</strong> via{" "}
                    {e.method}
                    {e.profileId ? (
                      <>
                        {" "}
                        —{" "}
                        <Link className="text-brand-700 underline" href={`/consent/profiles/${e.profileId}`}>
                          profile
                        </Link>
                      </>
                    ) : (
                      " — unattributed"
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <ConsentImport />
        </div>
      </div>
    </>
  );
}
