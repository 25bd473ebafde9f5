"use client";
// A file uploaded into an import that runs while the body streams in (records or events): XHR upload progress for
// the bytes, the server's streamed progress for the rows (JSON lines: progress..., then summary or error), then the
// per-row error report. The server side is one helper too (server/upload-route.ts).
import { useState, type FormEvent, type ReactNode } from "react";

export interface UploadSummary {
  rowsTotal: number;
  accepted: number;
  rejected: number;
  errors: { row: number; reason: string }[];
}

export type UploadPhase<S extends UploadSummary> =
  | { kind: "idle" }
  | { kind: "running"; sent: number; total: number; rows: number }
  | { kind: "done"; summary: S }
  | { kind: "failed"; message: string };

/** Posts the file and reports each phase; `retryHint` says why uploading the same file again is safe. */
export function uploadStreamingFile<S extends UploadSummary>(
  url: string,
  file: File,
  retryHint: string,
  onPhase: (phase: UploadPhase<S>) => void,
): void {
  const xhr = new XMLHttpRequest();
  let seen = 0;
  let rows = 0;
  let sent = 0;
  let summary: S | null = null;
  let failure: string | null = null;
  // The response is JSON lines that arrive while the body is still uploading; read the new ones on each event.
  const readLines = () => {
    const text = xhr.responseText;
    const end = text.lastIndexOf("\n");
    if (end < seen) return;
    for (const line of text.slice(seen, end).split("\n")) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as { type: string; checkpoint?: number; message?: string } & S;
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
          failure ?? `The import stopped before it finished; upload the same file again: ${retryHint}.`,
      });
  };
  xhr.onerror = () =>
    onPhase({
      kind: "failed",
      message: `The connection broke during the upload; upload the same file again: ${retryHint}.`,
    });
  xhr.open("POST", url);
  xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
  xhr.setRequestHeader("content-type", "application/octet-stream");
  onPhase({ kind: "running", sent: 0, total: file.size, rows: 0 });
  xhr.send(file);
}

export interface StreamingUploadProps<S extends UploadSummary> {
  /** Prefix of the element ids (headings), unique on the page. */
  idPrefix: string;
  title: string;
  fileLabel: ReactNode;
  buttonLabel: string;
  url: string;
  /** Shown when no file or an empty one is chosen. */
  emptyFileMessage: string;
  retryHint: string;
  progressLabel: string;
  rejectedTableLabel: string;
  /** The status line once done: "Done: 3 rows, 2 accepted, ...". */
  describeSummary: (summary: S) => string;
  statusTestId?: string;
  /** Called when the upload has ended (done or failed). */
  onFinished?: (phase: UploadPhase<S>) => void;
}

export function StreamingUpload<S extends UploadSummary>(props: StreamingUploadProps<S>) {
  const [phase, setPhase] = useState<UploadPhase<S>>({ kind: "idle" });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget).get("file") as File | null) ?? null;
    if (!file || file.size === 0) return setPhase({ kind: "failed", message: props.emptyFileMessage });
    uploadStreamingFile<S>(props.url, file, props.retryHint, (next) => {
      setPhase(next);
      if (next.kind === "done" || next.kind === "failed") props.onFinished?.(next);
    });
  }

  const percent =
    phase.kind === "running" && phase.total > 0
      ? Math.round((phase.sent / phase.total) * 100)
      : phase.kind === "done"
        ? 100
        : 0;
  const headingId = `${props.idPrefix}-heading`;
  const errorsId = `${props.idPrefix}-errors-heading`;
  return (
    <>
      <form
        onSubmit={onSubmit}
        className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm"
        aria-labelledby={headingId}
      >
        <h2 id={headingId} className="text-lg font-medium">
          {props.title}
        </h2>
        <label>
          {props.fileLabel}
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
            {props.buttonLabel}
          </button>
        </div>
        {(phase.kind === "running" || phase.kind === "done") && (
          <div>
            <progress className="w-full" max={100} value={percent} aria-label={props.progressLabel}>
              {percent}%
            </progress>
            <p
              className="mt-1 text-slate-600"
              role="status"
              aria-live="polite"
              data-testid={props.statusTestId}
            >
              {phase.kind === "running" && `${percent}% uploaded · ${phase.rows} rows committed`}
              {phase.kind === "done" && props.describeSummary(phase.summary)}
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
        <section aria-labelledby={errorsId}>
          <h3 id={errorsId} className="mb-2 text-lg font-medium">
            Rejected rows
            {phase.summary.rejected > phase.summary.errors.length
              ? ` (first ${phase.summary.errors.length} of ${phase.summary.rejected})`
              : ""}
          </h3>
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="min-w-full text-left text-sm" aria-label={props.rejectedTableLabel}>
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
          </div>
        </section>
      )}
    </>
  );
}
