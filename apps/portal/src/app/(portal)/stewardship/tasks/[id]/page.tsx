import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { CompareRecords } from "./compare-records";
import { TaskDecision } from "./task-decision";
import { WaterfallPanel } from "./waterfall-panel";

export const metadata: Metadata = { title: "Review task" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadTask(id: string) {
  const api = await getServerApi();
  try {
    return await api.stewardship.getReviewTask({ taskId: id });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ReviewTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await checkPageAccess(`/stewardship/tasks/${id}`);
  if (!UUID.test(id)) notFound();
  const task = await loadTask(id.toLowerCase());
  const { explanation, mergeEvent } = task;

  return (
    <article className="space-y-8">
      <p className="text-sm">
        <Link href="/stewardship" className="text-brand-700 hover:underline">
          ← Review queue
        </Link>
      </p>
      <PageHeader
        title={`Review task ${task.id.slice(0, 8)}`}
        description={`${task.kind} of ${task.recordIds.length} records · ${task.status}${task.decisionNote ? ` · note: ${task.decisionNote}` : ""}`}
      />
      {task.proposal && (
        <section
          aria-labelledby="proposal-heading"
          className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm"
        >
          <h2 id="proposal-heading" className="font-semibold text-amber-900">
            Proposed {task.proposal.kind === "merge" ? "merge" : "split"} by {task.proposal.proposedBy}
          </h2>
          <p className="mt-1 whitespace-pre-wrap text-amber-900" data-testid="proposal-reason">
            {task.proposal.reason}
          </p>
          {task.proposal.kind === "split" && (
            <p className="mt-1 text-amber-800">
              Said to belong to someone else:{" "}
              {task.proposal.leavingRecordIds.map((id) => id.slice(0, 8)).join(", ")}. Reject it if they are
              not one person, then split the profile from its page; merge keeps them together.
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="compare-heading" className="space-y-3">
        <h2 id="compare-heading" className="text-lg font-semibold text-slate-900">
          The records side by side
        </h2>
        <CompareRecords explanation={explanation} records={task.records} profileIds={task.profileIds} />
      </section>
      <section aria-labelledby="waterfall-heading" className="space-y-3">
        <h2 id="waterfall-heading" className="text-lg font-semibold text-slate-900">
          Why the engine scored them {(task.score * 100).toFixed(1)}%
        </h2>
        {explanation ? (
          <WaterfallPanel explanation={explanation} />
        ) : (
          <p className="text-slate-600">The engine left no explanation for this task.</p>
        )}
      </section>
      <section aria-labelledby="decision-heading" className="space-y-3">
        <h2 id="decision-heading" className="text-lg font-semibold text-slate-900">
          Decision
        </h2>
        <TaskDecision
          taskId={task.id}
          status={task.status}
          profileIds={task.profileIds}
          mergeEvent={mergeEvent}
        />
      </section>
    </article>
  );
}
