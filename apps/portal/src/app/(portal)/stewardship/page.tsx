import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { ReviewQueue, type QueueFilters } from "./review-queue";

export const metadata: Metadata = { title: "Stewardship" };

const PAGE_SIZE = 25;
const statuses = ["open", "merged", "rejected", "dismissed"] as const;
const assignees = ["me", "unassigned"] as const;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  allowed.find((a) => a === value);

/** The filters live in the address, so a page of the queue can be linked, reloaded and gone back to. */
function readFilters(params: SearchParams): QueueFilters {
  const page = Math.max(1, Number.parseInt(one(params.page) ?? "1", 10) || 1);
  return {
    status: pick(one(params.status), statuses) ?? "open",
    sort: pick(one(params.sort), ["value", "score", "age"] as const) ?? "value",
    assignee: pick(one(params.assignee), assignees),
    page,
  };
}

export default async function StewardshipPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await checkPageAccess("/stewardship");
  const filters = readFilters(await searchParams);
  const { items, total } = await (
    await getServerApi()
  ).stewardship.listReviewTasks({
    status: filters.status,
    sort: filters.sort,
    assignee: filters.assignee,
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  });
  const rows = items.map((task) => ({
    id: task.id,
    kind: task.kind,
    score: task.score,
    recordCount: task.recordIds.length,
    profileIds: task.profileIds,
    assigneeId: task.assigneeId,
    createdAt: task.createdAt.toISOString(),
    status: task.status,
  }));
  return (
    <>
      <PageHeader
        title="Stewardship"
        description="Uncertain matches waiting for a decision. Open a task to compare the records and see why the engine scored them as it did."
      >
        <Link
          href="/quality/unattributed-events"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        >
          Unattributed events
        </Link>
      </PageHeader>
      <ReviewQueue
        rows={rows}
        total={total}
        pageSize={PAGE_SIZE}
        filters={filters}
        currentUserId={access.actor.userId ?? null}
      />
    </>
  );
}
