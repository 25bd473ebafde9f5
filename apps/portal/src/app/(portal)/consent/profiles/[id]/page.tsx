// One person's consent: the current state per purpose and channel (give or withdraw, one click each) and the
// whole ledger behind it, with the notice version, method, origin and who recorded each event.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConsentGrid } from "~/components/consent/consent-grid";
import { ConsentNav } from "~/components/consent/consent-nav";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Consent of a person" };

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ProfileConsentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await checkPageAccess(`/consent/profiles/${id}`);
  if (!uuid.test(id)) notFound();
  const api = await getServerApi();
  const view = await api.consent.profile({ profileId: id }).catch((error: { code?: string }) => {
    if (error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title={`Consent of ${view.profile.displayName ?? "an unnamed person"}`}
        description="Current state per purpose and channel, and every event of the ledger behind it."
      >
        <Link href={`/profiles/${view.profile.id}`} className="text-sm text-brand-700 underline">
          Open the 360 profile
        </Link>
      </PageHeader>
      <ConsentNav current="/consent" />
      <p className="mb-4 text-sm text-slate-600">
        Profile <span className="font-mono text-xs">{view.profile.id}</span>
        {view.profile.city && (
          <>
            {" "}
            · lives in <span data-testid="profile-city">{view.profile.city}</span>
          </>
        )}
      </p>
      {view.profile.status !== "active" && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This profile is {view.profile.status}
          {view.profile.mergedIntoId && (
            <>
              {" "}
              into{" "}
              <Link className="underline" href={`/consent/profiles/${view.profile.mergedIntoId}`}>
                the surviving profile
              </Link>
              , which holds its consent now
            </>
          )}
          .
        </p>
      )}
      <ConsentGrid profileId={view.profile.id} grid={view.grid} editable={view.profile.status === "active"} />
      <section
        aria-labelledby="history-heading"
        className="mt-6 rounded-xl border border-slate-200 bg-white p-4"
      >
        <h2 id="history-heading" className="mb-2 text-lg font-medium">
          History ({view.history.length} events)
        </h2>
        {view.history.length === 0 ? (
          <p className="text-sm text-slate-600">No consent recorded for this person.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" aria-label="Consent history">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Effective
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Purpose
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Channel
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Notice
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Method and origin
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Subject as given
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Recorded by
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.history.map((e) => (
                  <tr
                    key={e.id}
                    className="border-t border-slate-100 align-top"
                    data-testid={`consent-event-${e.id}`}
                  >
                    <td className="px-2 py-1 tabular-nums">
                      <time dateTime={e.effectiveAt.toISOString()}>{timeFormat.format(e.effectiveAt)}</time>
                      {e.expiresAt && (
                        <div className="text-xs text-slate-500">until {timeFormat.format(e.expiresAt)}</div>
                      )}
                    </td>
                    <td className="px-2 py-1 font-mono text-xs">{e.purposeKey}</td>
                    <td className="px-2 py-1">{e.channel || "any"}</td>
                    <td className="px-2 py-1 font-medium">{e.status}</td>
                    <td className="px-2 py-1">{e.notice ? `${e.notice.key} v${e.notice.version}` : "—"}</td>
                    <td className="px-2 py-1">
                      {e.method}
                      {e.origin && <div className="max-w-xs truncate text-xs text-slate-500">{e.origin}</div>}
                      {e.userAgent && (
                        <div className="max-w-xs truncate text-xs text-slate-400">{e.userAgent}</div>
                      )}
                    </td>
                    <td className="px-2 py-1 text-xs">
                      {[
                        e.subject.email,
                        e.subject.phone,
                        ...(e.subject.externalIds ?? []).map((x) => `${x.source}:${x.id}`),
                      ]
                        .filter(Boolean)
                        .join(", ") || (e.subject.profileId ? "profile id" : "—")}
                    </td>
                    <td className="px-2 py-1 text-xs">{e.actorLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
