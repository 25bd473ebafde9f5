import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotAllowed } from "~/components/not-allowed";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { CompareRecords } from "./compare-records";
import type { PairExplanation } from "./explanation";
import { TaskDecision } from "./task-decision";
import { WaterfallPanel } from "./waterfall-panel";

export const metadata: Metadata = { title: "Review task" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const statuses = ["open", "merged", "rejected", "dismissed"] as const;

type Api = Awaited<ReturnType<typeof getServerApi>>;

// The API has no read-one procedure for review tasks yet, so the task is found by paging its status lists.
// TODO(stewardship): replace with stewardship.getReviewTask once core has it.
async function findTask(api: Api, id: string) {
  for (const status of statuses) {
    for (let offset = 0; ; offset += 200) {
      const { items, total } = await api.stewardship.listReviewTasks({ status, sort: "age", limit: 200, offset });
      const task = items.find((t) => t.id === id);
      if (task) return task;
      if (offset + 200 >= total) break;
    }
  }
  return null;
}

function isExplanation(value: unknown): value is PairExplanation {
  const v = value as Partial<PairExplanation> | null;
  return !!v && typeof v.priorWeight === "number" && Array.isArray(v.terms) && typeof v.totalWeight === "number";
}

export default async function ReviewTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await checkPageAccess(`/stewardship/tasks/${id}`);
  if (!access.allowed) return <NotAllowed role={access.actor.role} requires={access.requires} />;
  if (!UUID.test(id)) notFound();
  const api = await getServerApi();
  const task = await findTask(api, id.toLowerCase());
  if (!task) notFound();
  const explanation = isExplanation(task.explanation) ? task.explanation : null;

  // A merged task's merge event, so it can be undone from here (also after a reload).
  let mergeEvent: { id: string; survivorId: string; undone: boolean } | null = null;
  if (task.status === "merged" && task.profileIds[0]) {
    const events = await api.stewardship.listMergeEvents({ profileId: task.profileIds[0] });
    const event = events.find((e) => e.reviewTaskId === task.id && !e.undoesEventId);
    if (event) mergeEvent = { id: event.id, survivorId: event.profileIds[0]!, undone: !!event.undoneByEventId };
  }

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
      <section aria-labelledby="compare-heading" className="space-y-3">
        <h2 id="compare-heading" className="text-lg font-semibold text-slate-900">
          The records side by side
        </h2>
        <CompareRecords explanation={explanation} recordIds={task.recordIds} profileIds={task.profileIds} />
      </section>
      <section aria-labelledby="waterfall-heading" className="space-y-3">
        <h2 id="waterfall-heading" className="text-lg font-semibold text-slate-900">
          Why the engine scored them {(task.score * 100).toFixed(1)}%
        </h2>
        {explanation ? <WaterfallPanel explanation={explanation} /> : <p className="text-slate-600">The engine left no explanation for this task.</p>}
      </section>
      <section aria-labelledby="decision-heading" className="space-y-3">
        <h2 id="decision-heading" className="text-lg font-semibold text-slate-900">
          Decision
        </h2>
        <TaskDecision taskId={task.id} status={task.status} profileIds={task.profileIds} mergeEvent={mergeEvent} />
      </section>
    </article>
  );
}
