import { roleHas } from "@c360/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { IssuesList } from "./issues-list";

export const metadata: Metadata = { title: "Quality issues" };

const statuses = ["unresolved", "resolved", "wont_fix", "all"] as const;
const assignees = [
  { key: "anyone", label: "Anyone's" },
  { key: "me", label: "Assigned to me" },
  { key: "nobody", label: "Unassigned" },
] as const;
type AssigneeKey = (typeof assignees)[number]["key"];

export default async function QualityIssuesPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; assignee?: string }>;
}) {
  const access = await checkPageAccess("/quality/issues");
  const { status: requested, assignee: requestedAssignee } = await searchParams;
  const status = (statuses as readonly string[]).includes(requested ?? "")
    ? (requested as (typeof statuses)[number])
    : "unresolved";
  const assignee: AssigneeKey = assignees.some((a) => a.key === requestedAssignee)
    ? (requestedAssignee as AssigneeKey)
    : "anyone";
  const hrefOf = (next: { status?: string; assignee?: AssigneeKey }) => {
    const params = new URLSearchParams({ status: next.status ?? status });
    const who = next.assignee ?? assignee;
    if (who !== "anyone") params.set("assignee", who);
    return `/quality/issues?${params.toString()}`;
  };
  const canWrite = access.actor.role !== null && roleHas(access.actor.role, "quality:write");
  const issues = await (
    await getServerApi()
  ).quality.listIssues({
    status,
    limit: 200,
    ...(assignee === "anyone" ? {} : { assignee }),
  });
  return (
    <>
      <PageHeader
        title="Quality issues"
        description="A rule below its threshold raises one issue. Assign it, say what you did, resolve it: if the next run still fails, the issue comes back."
      >
        <Link href="/quality" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Back to the dashboard
        </Link>
      </PageHeader>
      <div className="mb-4 flex flex-wrap gap-6">
        <nav aria-label="Issue status" className="flex gap-2 text-sm">
          {statuses.map((s) => (
            <Link
              key={s}
              href={hrefOf({ status: s })}
              aria-current={s === status ? "page" : undefined}
              className={`rounded-md px-3 py-1 ${s === status ? "bg-brand-600 text-white" : "border border-slate-300"}`}
            >
              {s.replace("_", " ")}
            </Link>
          ))}
        </nav>
        <nav aria-label="Assignee" className="flex gap-2 text-sm">
          {assignees.map((a) => (
            <Link
              key={a.key}
              href={hrefOf({ assignee: a.key })}
              aria-current={a.key === assignee ? "page" : undefined}
              className={`rounded-md px-3 py-1 ${a.key === assignee ? "bg-brand-600 text-white" : "border border-slate-300"}`}
            >
              {a.label}
            </Link>
          ))}
        </nav>
      </div>
      <p className="mb-3 text-sm text-slate-600">
        {issues.total} {status === "all" ? "" : status.replace("_", " ")} issues
        {assignee === "me" ? " assigned to you" : assignee === "nobody" ? " nobody is assigned" : ""}.
      </p>
      <IssuesList
        key={`${status}:${assignee}`}
        issues={issues.items}
        canWrite={canWrite}
        currentUserId={access.actor.userId}
      />
    </>
  );
}
