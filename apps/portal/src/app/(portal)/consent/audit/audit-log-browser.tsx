"use client";
// The audit log for governance: filter by who, what, which record, when and any text; page through; export as CSV.
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { downloadText } from "~/components/glossary/download";
import { useTRPC } from "~/trpc/react";
import { AuditEntriesTable } from "./audit-entries-table";

interface Filter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  text?: string;
}

const field = "mt-1 rounded-md border border-slate-300 px-3 py-2";
const PAGE_SIZE = 50;

export function AuditLogBrowser({ initial }: { initial: Filter }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>(initial);
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string | null>(null);
  const entries = useQuery({
    ...trpc.privacy.auditLog.queryOptions({ ...filter, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const exportCsv = useMutation(
    trpc.privacy.exportAuditCsv.mutationOptions({
      onSuccess: (file) => {
        downloadText(file.fileName, file.content, file.contentType);
        setMessage(
          `Exported ${file.rows} entries${file.truncated ? " (the first 50,000: narrow the filter for the rest)" : ""}.`,
        );
      },
      onError: (error) => setMessage(error.message),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const day = (name: string, offsetDays = 0) => {
      const value = text(name);
      return value ? new Date(Date.parse(`${value}T00:00:00Z`) + offsetDays * 86_400_000) : undefined;
    };
    setPage(1);
    // "To" is inclusive on screen: entries of that whole day.
    setFilter({
      actor: text("actor"),
      action: text("action"),
      entityType: text("entityType"),
      entityId: text("entityId"),
      text: text("text"),
      from: day("from"),
      to: day("to", 1),
    });
  }

  const total = entries.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const dateValue = (d?: Date, offsetDays = 0) =>
    d ? new Date(d.getTime() - offsetDays * 86_400_000).toISOString().slice(0, 10) : "";
  return (
    <div className="space-y-4">
      <form
        aria-label="Filter the audit log"
        onSubmit={onSubmit}
        className="flex flex-wrap items-end gap-2 text-sm"
      >
        <label className="flex flex-col text-slate-700">
          Who
          <input name="actor" defaultValue={initial.actor} placeholder="email or system" className={field} />
        </label>
        <label className="flex flex-col text-slate-700">
          Action
          <input name="action" defaultValue={initial.action} placeholder="privacy." className={field} />
        </label>
        <label className="flex flex-col text-slate-700">
          Record type
          <input
            name="entityType"
            defaultValue={initial.entityType}
            placeholder="profile"
            className={`${field} w-32`}
          />
        </label>
        <label className="flex flex-col text-slate-700">
          Record id
          <input name="entityId" defaultValue={initial.entityId} className={field} />
        </label>
        <label className="flex flex-col text-slate-700">
          From
          <input name="from" type="date" defaultValue={dateValue(initial.from)} className={field} />
        </label>
        <label className="flex flex-col text-slate-700">
          To
          <input name="to" type="date" defaultValue={dateValue(initial.to, 1)} className={field} />
        </label>
        <label className="flex flex-col text-slate-700">
          Text
          <input
            name="text"
            defaultValue={initial.text}
            placeholder="anywhere in the entry"
            className={field}
          />
        </label>
        <button className="rounded-md bg-slate-800 px-4 py-2 text-white">Filter</button>
        <button
          type="button"
          disabled={exportCsv.isPending}
          onClick={() => exportCsv.mutate(filter)}
          className="rounded-md border border-slate-300 px-4 py-2"
        >
          Export CSV
        </button>
      </form>
      <div aria-live="polite">
        {message && (
          <p role="status" className="text-sm text-slate-700">
            {message}
          </p>
        )}
        {entries.error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {entries.error.message}
          </p>
        )}
      </div>
      <AuditEntriesTable
        entries={entries.data?.entries ?? []}
        caption="Audit log entries, newest first"
        withDetails
      />
      <nav aria-label="Audit log pages" className="flex items-center gap-3 text-sm">
        <button
          disabled={page <= 1}
          onClick={() => setPage((p) => p - 1)}
          className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-40"
        >
          Previous
        </button>
        <span data-testid="audit-page">
          Page {page} of {pages} · {total.toLocaleString("en-US")} entries
        </span>
        <button
          disabled={page >= pages}
          onClick={() => setPage((p) => p + 1)}
          className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-40"
        >
          Next
        </button>
      </nav>
    </div>
  );
}
