"use client";
// The upload: XHR upload progress for the bytes, the server's streamed chunk progress for the rows, then the
// per-row error report of the batch.
import type { RouterOutputs } from "@c360/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";

type Batch = RouterOutputs["sources"]["importBatches"][number];
interface Summary {
  batchId: string;
  rowsTotal: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; reason: string }[];
}
type Phase =
  | { kind: "idle" }
  | { kind: "running"; sent: number; total: number; rows: number }
  | { kind: "done"; summary: Summary }
  | { kind: "failed"; message: string };

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

function upload(sourceName: string, file: File, onPhase: (phase: Phase) => void): void {
  const xhr = new XMLHttpRequest();
  let seen = 0;
  let rows = 0;
  let sent = 0;
  let summary: Summary | null = null;
  let failure: string | null = null;
  // The response is JSON lines that arrive while the body is still uploading; read the new ones on each event.
  const readLines = () => {
    const text = xhr.responseText;
    const end = text.lastIndexOf("\n");
    if (end < seen) return;
    for (const line of text.slice(seen, end).split("\n")) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as { type: string; checkpoint?: number; message?: string } & Summary;
      if (event.type === "progress") rows = event.checkpoint ?? rows;
      if (event.type === "summary") summary = event;
      if (event.type === "error") failure = event.message ?? "The import failed.";
    }
    seen = end + 1;
  };
  xhr.upload.onprogress = (event) => {
    sent = event.loaded;
    onPhase({ kind: "running", sent, total: file.size, rows });
  };
  xhr.onprogress = () => {
    readLines();
    onPhase({ kind: "running", sent, total: file.size, rows });
  };
  xhr.onload = () => {
    if (xhr.status !== 200) {
      let message = `The upload was refused (HTTP ${xhr.status}).`;
      try {
        message = (JSON.parse(xhr.responseText) as { error: string }).error;
      } catch {
        // not JSON: keep the status line
      }
      return onPhase({ kind: "failed", message });
    }
    readLines();
    if (summary) onPhase({ kind: "done", summary });
    else
      onPhase({
        kind: "failed",
        message:
          failure ??
          "The import stopped before it finished; upload the same file again: rows already stored count as unchanged.",
      });
  };
  xhr.onerror = () =>
    onPhase({
      kind: "failed",
      message:
        "The connection broke during the upload; upload the same file again: rows already stored count as unchanged.",
    });
  xhr.open("POST", `/api/admin/sources/${encodeURIComponent(sourceName)}/import`);
  xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
  xhr.setRequestHeader("content-type", "application/octet-stream");
  onPhase({ kind: "running", sent: 0, total: file.size, rows: 0 });
  xhr.send(file);
}

export function ImportUpload({
  sourceName,
  initialBatches,
}: {
  sourceName: string;
  initialBatches: Batch[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const batches = useQuery({
    ...trpc.sources.importBatches.queryOptions({ name: sourceName, limit: 10 }),
    initialData: initialBatches,
  });
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get("file") as File | null) ?? null;
    if (!file || file.size === 0)
      return setPhase({ kind: "failed", message: "Choose a non-empty CSV or JSON-lines file." });
    upload(sourceName, file, (next) => {
      setPhase(next);
      if (next.kind === "done" || next.kind === "failed")
        void queryClient.invalidateQueries({ queryKey: trpc.sources.importBatches.queryKey() });
    });
  }

  const percent =
    phase.kind === "running" && phase.total > 0
      ? Math.round((phase.sent / phase.total) * 100)
      : phase.kind === "done"
        ? 100
        : 0;
  return (
    <section aria-labelledby="upload-heading" className="grid gap-6">
      <form
        onSubmit={onSubmit}
        className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4"
        aria-labelledby="upload-heading"
      >
        <h2 id="upload-heading" className="font-medium">
          Upload a file
        </h2>
        <label className="text-sm">
          File (.csv, .jsonl, .ndjson, .json)
          <input
            name="file"
            type="file"
            accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json"
            required
            className="mt-1 block"
          />
        </label>
        <div>
          <button
            type="submit"
            disabled={phase.kind === "running"}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-white disabled:opacity-50"
          >
            Import
          </button>
        </div>
        {phase.kind !== "idle" && (
          <div>
            <progress className="w-full" max={100} value={percent} aria-label="Upload progress">
              {percent}%
            </progress>
            <p className="mt-1 text-sm text-slate-600" role="status" aria-live="polite">
              {phase.kind === "running" && `${percent}% uploaded · ${phase.rows} rows committed`}
              {phase.kind === "done" &&
                `Done: ${phase.summary.rowsTotal} rows, ${phase.summary.accepted} accepted, ${phase.summary.unchanged} unchanged, ${phase.summary.rejected} rejected.`}
            </p>
          </div>
        )}
        {phase.kind === "failed" && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {phase.message}
          </p>
        )}
      </form>

      {phase.kind === "done" && phase.summary.errors.length > 0 && (
        <section aria-labelledby="errors-heading">
          <h2 id="errors-heading" className="mb-2 text-lg font-medium">
            Rejected rows
            {phase.summary.rejected > phase.summary.errors.length
              ? ` (first ${phase.summary.errors.length} of ${phase.summary.rejected})`
              : ""}
          </h2>
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="min-w-full text-left text-sm" aria-label="Rejected rows">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Row
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {phase.summary.errors.map((error) => (
                  <tr key={error.row} className="border-t border-slate-100">
                    <td className="px-4 py-2 tabular-nums">{error.row}</td>
                    <td className="px-4 py-2">{error.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading" className="mb-2 text-lg font-medium">
          Recent imports
        </h2>
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Started (UTC)
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Origin
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  File
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Rows
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Accepted
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Unchanged
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Rejected
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.data.length === 0 && (
                <tr>
                  <td colSpan={8} className="px-4 py-4 text-center text-slate-500">
                    No imports yet.
                  </td>
                </tr>
              )}
              {batches.data.map((batch) => (
                <tr key={batch.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">{timeFormat.format(new Date(batch.startedAt))}</td>
                  <td className="px-4 py-2">{batch.origin}</td>
                  <td className="px-4 py-2">{batch.fileName ?? "—"}</td>
                  <td className="px-4 py-2">{batch.status}</td>
                  <td className="px-4 py-2 tabular-nums">{batch.rowsTotal}</td>
                  <td className="px-4 py-2 tabular-nums">{batch.accepted}</td>
                  <td className="px-4 py-2 tabular-nums">{batch.unchanged}</td>
                  <td className="px-4 py-2 tabular-nums">{batch.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
