"use client";
// Upload a file of events (JSON lines: one Segment message a line; CSV: columns read through the source's column
// map): XHR progress for the bytes, the server's streamed progress for the rows, then the per-row error report.
// The same import as `c360 events import`: a message already stored counts as a duplicate, so re-uploading the
// same file after a broken connection stores nothing twice.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

interface Summary {
  batchId: string;
  rowsTotal: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  errors: { row: number; reason: string }[];
}
type Phase =
  | { kind: "idle" }
  | { kind: "running"; sent: number; total: number; rows: number }
  | { kind: "done"; summary: Summary }
  | { kind: "failed"; message: string };

function upload(sourceName: string, file: File, onPhase: (phase: Phase) => void): void {
  const xhr = new XMLHttpRequest();
  let seen = 0;
  let rows = 0;
  let sent = 0;
  let summary: Summary | null = null;
  let failure: string | null = null;
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
          "The import stopped before it finished; upload the same file again: stored events count as duplicates.",
      });
  };
  xhr.onerror = () =>
    onPhase({
      kind: "failed",
      message:
        "The connection broke during the upload; upload the same file again: stored events count as duplicates.",
    });
  xhr.open("POST", `/api/admin/sources/${encodeURIComponent(sourceName)}/events/import`);
  xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
  xhr.setRequestHeader("content-type", "application/octet-stream");
  onPhase({ kind: "running", sent: 0, total: file.size, rows: 0 });
  xhr.send(file);
}

export function EventUpload({ sourceName }: { sourceName: string }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get("file") as File | null) ?? null;
    if (!file || file.size === 0)
      return setPhase({ kind: "failed", message: "Choose a non-empty JSON-lines or CSV file of events." });
    upload(sourceName, file, (next) => {
      setPhase(next);
      if (next.kind === "done") router.refresh();
    });
  }

  const percent =
    phase.kind === "running" && phase.total > 0
      ? Math.round((phase.sent / phase.total) * 100)
      : phase.kind === "done"
        ? 100
        : 0;
  return (
    <section aria-labelledby="event-upload-heading" className="grid gap-4">
      <form
        onSubmit={onSubmit}
        className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm"
        aria-labelledby="event-upload-heading"
      >
        <h2 id="event-upload-heading" className="text-lg font-medium">
          Upload events
        </h2>
        <label>
          File (.jsonl, .ndjson: one message a line; .csv: read through the column map)
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
            Import events
          </button>
        </div>
        {phase.kind !== "idle" && phase.kind !== "failed" && (
          <div>
            <progress className="w-full" max={100} value={percent} aria-label="Event upload progress">
              {percent}%
            </progress>
            <p
              className="mt-1 text-slate-600"
              role="status"
              aria-live="polite"
              data-testid="event-upload-status"
            >
              {phase.kind === "running" && `${percent}% uploaded · ${phase.rows} rows committed`}
              {phase.kind === "done" &&
                `Done: ${phase.summary.rowsTotal} rows, ${phase.summary.accepted} accepted, ${phase.summary.duplicate} duplicate, ${phase.summary.rejected} rejected.`}
            </p>
          </div>
        )}
        {phase.kind === "failed" && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
            {phase.message}
          </p>
        )}
      </form>
      {phase.kind === "done" && phase.summary.errors.length > 0 && (
        <section aria-labelledby="event-errors-heading">
          <h3 id="event-errors-heading" className="mb-2 font-medium">
            Rejected rows
            {phase.summary.rejected > phase.summary.errors.length
              ? ` (first ${phase.summary.errors.length} of ${phase.summary.rejected})`
              : ""}
          </h3>
          <table
            className="min-w-full rounded-xl border border-slate-200 bg-white text-left text-sm"
            aria-label="Rejected event rows"
          >
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
                <tr key={`${error.row}-${error.reason}`} className="border-t border-slate-100">
                  <td className="px-4 py-2 tabular-nums">{error.row}</td>
                  <td className="px-4 py-2">{error.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
