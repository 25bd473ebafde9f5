"use client";
// Quality issues to work through: open one to read its comments, assign it to yourself, comment, resolve.
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

type Issue = RouterOutputs["quality"]["listIssues"]["items"][number];
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

function IssueDetail({
  issue,
  canWrite,
  currentUserId,
}: {
  issue: Issue;
  canWrite: boolean;
  currentUserId: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const detail = useQuery(trpc.quality.getIssue.queryOptions({ issueId: issue.id }));
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const done = (text: string) => () => {
    setMessage({ kind: "ok", text });
    void detail.refetch();
    router.refresh();
  };
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });
  const assign = useMutation(
    trpc.quality.assignIssue.mutationOptions({ onSuccess: done("Assigned."), onError }),
  );
  const comment = useMutation(
    trpc.quality.commentOnIssue.mutationOptions({ onSuccess: done("Comment added."), onError }),
  );
  const resolve = useMutation(
    trpc.quality.resolveIssue.mutationOptions({
      onSuccess: done("Resolved. The next run checks it again."),
      onError,
    }),
  );
  const unresolved = issue.status === "open" || issue.status === "assigned";

  function onComment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    comment.mutate(
      { issueId: issue.id, body: String(new FormData(form).get("body")) },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <div className="mt-3 border-t border-slate-100 pt-3 text-sm">
      <FeedbackLine feedback={message} className="mb-2" />
      <p className="mb-2">
        <Link href={`/quality/drill/rule?key=${issue.ruleId}`} className="text-brand-700 underline">
          See the failing records
        </Link>
      </p>
      <ol className="mb-3 space-y-2" aria-label="Comments">
        {detail.data?.comments.map((c) => (
          <li key={c.id} className="rounded-md bg-slate-50 px-3 py-2">
            <span className="text-xs text-slate-500">
              {c.author}, {timeFormat.format(c.createdAt)} UTC
            </span>
            <p>{c.body}</p>
          </li>
        ))}
        {detail.data && detail.data.comments.length === 0 && (
          <li className="text-slate-500">No comments yet.</li>
        )}
      </ol>
      {canWrite && (
        <>
          <form onSubmit={onComment} className="mb-3 flex gap-2">
            <label className="sr-only" htmlFor={`c-${issue.id}`}>
              Comment
            </label>
            <input
              id={`c-${issue.id}`}
              name="body"
              required
              maxLength={5000}
              placeholder="What did you find or do?"
              className="flex-1 rounded border border-slate-300 px-2 py-1"
            />
            <button
              type="submit"
              className="rounded border border-slate-300 px-3 py-1"
              disabled={comment.isPending}
            >
              Comment
            </button>
          </form>
          {unresolved && (
            <div className="flex flex-wrap gap-2">
              {issue.assigneeId !== currentUserId ? (
                <button
                  type="button"
                  className="rounded border border-slate-300 px-3 py-1"
                  onClick={() => assign.mutate({ issueId: issue.id, assigneeId: currentUserId })}
                  disabled={assign.isPending || !currentUserId}
                >
                  Assign to me
                </button>
              ) : (
                <button
                  type="button"
                  className="rounded border border-slate-300 px-3 py-1"
                  onClick={() => assign.mutate({ issueId: issue.id, assigneeId: null })}
                  disabled={assign.isPending}
                >
                  Unassign
                </button>
              )}
              <button
                type="button"
                className="rounded bg-brand-600 px-3 py-1 font-medium text-white"
                onClick={() => resolve.mutate({ issueId: issue.id, outcome: "resolved" })}
                disabled={resolve.isPending}
              >
                Resolve
              </button>
              <button
                type="button"
                className="rounded border border-slate-300 px-3 py-1"
                onClick={() => resolve.mutate({ issueId: issue.id, outcome: "wont_fix" })}
                disabled={resolve.isPending}
              >
                Won&apos;t fix
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

export function IssuesList({
  issues,
  canWrite,
  currentUserId,
}: {
  issues: Issue[];
  canWrite: boolean;
  currentUserId: string | null;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  if (issues.length === 0)
    return <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-700">No issues here.</p>;
  return (
    <ul className="space-y-3">
      {issues.map((issue) => (
        <li
          key={issue.id}
          className="rounded-xl border border-slate-200 bg-white p-4"
          data-issue={issue.ruleName}
        >
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <p className="font-medium text-slate-900">{issue.title}</p>
              <p className="text-xs text-slate-500">
                {issue.dimension} · {issue.status.replace("_", " ")} ·{" "}
                {issue.assigneeEmail ? `assigned to ${issue.assigneeEmail}` : "unassigned"} · opened{" "}
                {timeFormat.format(issue.createdAt)} UTC · {issue.comments} comments
              </p>
            </div>
            <button
              type="button"
              aria-expanded={openId === issue.id}
              className="rounded border border-slate-300 px-3 py-1 text-sm"
              onClick={() => setOpenId(openId === issue.id ? null : issue.id)}
            >
              {openId === issue.id ? "Close" : "Open"}
            </button>
          </div>
          {openId === issue.id && (
            <IssueDetail issue={issue} canWrite={canWrite} currentUserId={currentUserId} />
          )}
        </li>
      ))}
    </ul>
  );
}
