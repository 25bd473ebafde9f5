import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPrivacyAccess } from "../privacy-access";
import {
  dateFormat,
  deadlineStyles,
  deadlineText,
  kindLabels,
  statusLabels,
  subjectText,
  timeFormat,
} from "../labels";
import { RequestActions } from "./request-actions";

export const metadata: Metadata = { title: "Privacy request" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PrivacyRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await checkPrivacyAccess(`/consent/requests/${id}`);
  if (!UUID.test(id)) return <p role="alert">“{id.slice(0, 60)}” is not a request id.</p>;
  const request = await (
    await getServerApi()
  ).privacy
    .getRequest({ requestId: id })
    .catch((error: unknown) => {
      if (error instanceof Error && /does not exist/.test(error.message)) return null;
      throw error;
    });
  if (!request) return <p role="alert">Privacy request {id} does not exist.</p>;
  const failedStep = [...request.log]
    .reverse()
    .find((entry) => entry.status === "failed" || entry.status === "completed");
  return (
    <>
      <PageHeader
        title={`${kindLabels[request.kind]} request`}
        description={`Subject: ${subjectText(request.subject)}`}
      >
        <Link href="/consent/requests" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          All requests
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm md:grid-cols-3">
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd data-testid="request-status" className="font-medium">
                {statusLabels[request.status]}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Due (one month from receipt)</dt>
              <dd>
                {dateFormat.format(request.dueAt)}{" "}
                <span className={`rounded px-1.5 text-xs ${deadlineStyles[request.deadline]}`}>
                  {deadlineText(request.deadline, request.daysLeft)}
                </span>
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Received</dt>
              <dd>{timeFormat.format(request.receivedAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Identity verified</dt>
              <dd>{request.verifiedAt ? timeFormat.format(request.verifiedAt) : "not yet"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Profile</dt>
              <dd className="break-all">
                {request.profileId ? (
                  <Link
                    href={`/profiles/${request.profileId}`}
                    className="text-brand-700 underline"
                    data-testid="request-profile"
                  >
                    {request.profileId}
                  </Link>
                ) : (
                  "none linked"
                )}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Handled by</dt>
              <dd>{request.handledBy ?? "—"}</dd>
            </div>
            {request.note && (
              <div className="col-span-full">
                <dt className="text-slate-500">Note</dt>
                <dd>{request.note}</dd>
              </div>
            )}
          </dl>
          {request.result && (
            <section
              aria-labelledby="result-heading"
              className="rounded-xl border border-slate-200 bg-white p-5 text-sm"
            >
              <h2 id="result-heading" className="mb-2 text-lg font-medium">
                Outcome
              </h2>
              {request.result.noDataHeld === true && (
                <p data-testid="no-data-held">No personal data about this subject is held.</p>
              )}
              {typeof request.result.rejectedReason === "string" && (
                <p>Rejected: {request.result.rejectedReason}</p>
              )}
              {request.exportSummary && (
                <p>
                  Export holds{" "}
                  {Object.entries(request.exportSummary)
                    .map(([k, n]) => `${n} ${k}`)
                    .join(", ")}
                  .
                </p>
              )}
              <pre
                className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-3 text-xs"
                data-testid="request-result"
              >
                {JSON.stringify(request.result, null, 2)}
              </pre>
            </section>
          )}
          <section aria-labelledby="log-heading">
            <h2 id="log-heading" className="mb-2 text-lg font-medium">
              Fulfilment log
            </h2>
            <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
              <table className="min-w-full text-left text-sm" aria-label="Fulfilment log">
                <thead className="bg-slate-50 text-slate-600">
                  <tr>
                    <th scope="col" className="px-4 py-2 font-medium">
                      When (UTC)
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Step
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Status
                    </th>
                    <th scope="col" className="px-4 py-2 font-medium">
                      Detail
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {request.log.map((entry) => (
                    <tr
                      key={entry.id}
                      className={`border-t border-slate-100 ${entry.status === "failed" ? "bg-red-50" : ""}`}
                    >
                      <td className="whitespace-nowrap px-4 py-2 tabular-nums">
                        {timeFormat.format(entry.at)}
                      </td>
                      <td className="px-4 py-2 font-mono text-xs">{entry.step}</td>
                      <td className="px-4 py-2">{entry.status}</td>
                      <td
                        className="max-w-md truncate px-4 py-2 font-mono text-xs text-slate-600"
                        title={JSON.stringify(entry.detail)}
                      >
                        {JSON.stringify(entry.detail)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </div>
        <RequestActions
          request={{
            id: request.id,
            kind: request.kind,
            status: request.status,
            verified: request.verifiedAt !== null,
            hasExport: request.exportSummary !== null,
            canDownloadCsv: request.canDownloadCsv,
          }}
          lastStepFailed={failedStep?.status === "failed"}
        />
      </div>
    </>
  );
}
