"use client";
// The review queue: filters and paging in the address, assign to me or unassign, and bulk decisions with a note.
import { DataTable, type DataColumn } from "@c360/ui/data-table";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export interface QueueFilters {
  status: "open" | "merged" | "rejected" | "dismissed";
  sort: "value" | "score" | "age";
  assignee: "me" | "unassigned" | undefined;
  page: number;
}

export interface QueueRow extends Record<string, unknown> {
  id: string;
  kind: string;
  score: number;
  recordCount: number;
  profileIds: string[];
  assigneeId: string | null;
  createdAt: string;
  status: string;
}

function hrefFor(filters: QueueFilters, change: Partial<QueueFilters>) {
  const next = { ...filters, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.status !== "open") params.set("status", next.status);
  if (next.sort !== "value") params.set("sort", next.sort);
  if (next.assignee) params.set("assignee", next.assignee);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return `/stewardship${query ? `?${query}` : ""}`;
}

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
const buttonClass =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50";

export function ReviewQueue({
  rows,
  total,
  pageSize,
  filters,
  currentUserId,
}: {
  rows: QueueRow[];
  total: number;
  pageSize: number;
  filters: QueueFilters;
  currentUserId: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [active, setActive] = useState(rows.length > 0 ? 0 : -1);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string | null>(null);

  const assign = useMutation(
    trpc.stewardship.assignReviewTask.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (e) => setMessage(e.message),
    }),
  );
  const decide = useMutation(trpc.stewardship.decideReviewTask.mutationOptions());
  const [deciding, setDeciding] = useState(false);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // One call per task: each decision is its own transaction, so one conflict does not undo the others.
  async function decideSelected(decision: "merge" | "reject") {
    setDeciding(true);
    const failures: string[] = [];
    for (const taskId of selected) {
      try {
        await decide.mutateAsync({ taskId, decision, note: note.trim() || undefined });
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    setDeciding(false);
    const done = selected.size - failures.length;
    setMessage(
      `${decision === "merge" ? "Merged" : "Rejected"} ${done} task${done === 1 ? "" : "s"}.${failures.length ? ` ${failures.length} failed: ${failures.join(" ")}` : ""}`,
    );
    setSelected(new Set());
    setNote("");
    router.refresh();
  }

  const columns: DataColumn<QueueRow>[] = [
    {
      id: "select",
      header: "Select",
      cell: (row) => (
        <input
          type="checkbox"
          aria-label={`Select task ${row.id.slice(0, 8)}`}
          checked={selected.has(row.id)}
          disabled={row.status !== "open"}
          onClick={(event) => event.stopPropagation()}
          onChange={() => toggle(row.id)}
        />
      ),
    },
    {
      id: "task",
      header: "Task",
      cell: (row) => (
        <Link
          href={`/stewardship/tasks/${row.id}`}
          onClick={(event) => event.stopPropagation()}
          className="font-mono text-brand-700 hover:underline"
        >
          {row.id.slice(0, 8)}
        </Link>
      ),
    },
    { id: "kind", header: "Kind", cell: (row) => `${row.kind} · ${row.recordCount} records` },
    {
      id: "score",
      header: "Match probability",
      cell: (row) => `${(row.score * 100).toFixed(1)}%`,
      className: "tabular-nums",
    },
    { id: "age", header: "Raised", cell: (row) => new Date(row.createdAt).toLocaleString() },
    {
      id: "assignee",
      header: "Assignee",
      cell: (row) =>
        row.status !== "open" ? (
          row.status
        ) : row.assigneeId ? (
          <span className="flex items-center gap-2">
            {row.assigneeId === currentUserId ? "Me" : "Another steward"}
            <button
              type="button"
              className="text-brand-700 hover:underline"
              onClick={(event) => {
                event.stopPropagation();
                assign.mutate({ taskId: row.id, assigneeId: null });
              }}
            >
              Unassign
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="text-brand-700 hover:underline disabled:opacity-50"
            disabled={!currentUserId}
            onClick={(event) => {
              event.stopPropagation();
              if (currentUserId) assign.mutate({ taskId: row.id, assigneeId: currentUserId });
            }}
          >
            Assign to me
          </button>
        ),
    },
  ];

  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section aria-label="Review queue" className="space-y-4">
      <form className="flex flex-wrap items-end gap-4" onSubmit={(event) => event.preventDefault()}>
        <label className="flex flex-col gap-1 text-sm text-slate-700">
          Status
          <select
            className={selectClass}
            value={filters.status}
            onChange={(e) =>
              router.push(hrefFor(filters, { status: e.target.value as QueueFilters["status"] }))
            }
          >
            <option value="open">Open</option>
            <option value="merged">Merged</option>
            <option value="rejected">Rejected</option>
            <option value="dismissed">Dismissed</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm text-slate-700">
          Sort by
          <select
            className={selectClass}
            value={filters.sort}
            onChange={(e) => router.push(hrefFor(filters, { sort: e.target.value as QueueFilters["sort"] }))}
          >
            <option value="value">Value (answers that change most first)</option>
            <option value="score">Score (most likely first)</option>
            <option value="age">Age (oldest first)</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm text-slate-700">
          Assignee
          <select
            className={selectClass}
            value={filters.assignee ?? ""}
            onChange={(e) =>
              router.push(
                hrefFor(filters, { assignee: (e.target.value || undefined) as QueueFilters["assignee"] }),
              )
            }
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
          </select>
        </label>
        <p className="text-sm text-slate-600" data-testid="queue-total">
          {total} task{total === 1 ? "" : "s"}
        </p>
      </form>

      {selected.size > 0 && (
        <div
          role="region"
          aria-label="Bulk decision"
          className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-slate-50 p-3"
        >
          <label className="flex grow flex-col gap-1 text-sm text-slate-700">
            Note for {selected.size} selected task{selected.size === 1 ? "" : "s"}
            <input
              className="rounded-md border border-slate-300 px-2 py-1"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button
            type="button"
            className={buttonClass}
            disabled={deciding}
            onClick={() => void decideSelected("merge")}
          >
            Merge selected
          </button>
          <button
            type="button"
            className={buttonClass}
            disabled={deciding}
            onClick={() => void decideSelected("reject")}
          >
            Reject selected
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {deciding ? "Deciding…" : message}
      </p>

      <DataTable
        id="review-queue"
        caption="Review tasks"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.id}
        activeIndex={active}
        onActiveIndexChange={setActive}
        onRowActivate={(row) => router.push(`/stewardship/tasks/${row.id}`)}
        empty="No review tasks match these filters."
      />

      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        {filters.page > 1 && (
          <Link
            className="text-brand-700 hover:underline"
            href={hrefFor(filters, { page: filters.page - 1 })}
          >
            ← Previous
          </Link>
        )}
        <span>
          Page {filters.page} of {pages}
        </span>
        {filters.page < pages && (
          <Link
            className="text-brand-700 hover:underline"
            href={hrefFor(filters, { page: filters.page + 1 })}
          >
            Next →
          </Link>
        )}
      </nav>
    </section>
  );
}
