import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { getServerApi } from "~/server/api";
import { checkPrivacyAccess } from "./privacy-access";
import { RequestsTable } from "./requests-table";

export const metadata: Metadata = { title: "Privacy requests" };

const statuses = ["open", "all", "received", "verifying", "in_progress", "completed", "rejected"] as const;
const sorts = [
  { value: "due_asc", label: "Due date, soonest first" },
  { value: "due_desc", label: "Due date, latest first" },
  { value: "received_desc", label: "Received, newest first" },
  { value: "received_asc", label: "Received, oldest first" },
] as const;

export default async function PrivacyRequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPrivacyAccess("/consent/requests");
  const params = await searchParams;
  const status = statuses.find((s) => s === params.status) ?? "open";
  const sort = sorts.find((s) => s.value === params.sort)?.value ?? "due_asc";
  const list = await (await getServerApi()).privacy.listRequests({ status, sort });
  return (
    <>
      <PageHeader
        title="Privacy requests"
        description="Data-subject requests (access, erasure, rectification, portability) against their one-month deadline."
      >
        <div className="flex gap-2">
          <Link href="/consent/audit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            Audit log
          </Link>
          <Link
            href="/consent/requests/new"
            className="rounded-md bg-slate-800 px-3 py-1.5 text-sm text-white"
          >
            New request
          </Link>
        </div>
      </PageHeader>
      <div className="mb-4 grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label="Shown" value={list.requests.length} />
        <StatCard label="Overdue" value={list.counts.overdue} />
        <StatCard label="Due within 7 days" value={list.counts.dueSoon} />
      </div>
      <form className="mb-4 flex flex-wrap items-end gap-2" action="/consent/requests">
        <label className="flex flex-col text-sm text-slate-700">
          Status
          <select
            name="status"
            defaultValue={status}
            className="mt-1 rounded-md border border-slate-300 px-3 py-2"
          >
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm text-slate-700">
          Sort by
          <select
            name="sort"
            defaultValue={sort}
            className="mt-1 rounded-md border border-slate-300 px-3 py-2"
          >
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button className="rounded-md bg-slate-800 px-4 py-2 text-sm text-white">Show</button>
        {list.masked && (
          <p className="text-sm text-slate-500">
            Contact details are masked: your role does not see personal data.
          </p>
        )}
      </form>
      <RequestsTable requests={list.requests} />
    </>
  );
}
