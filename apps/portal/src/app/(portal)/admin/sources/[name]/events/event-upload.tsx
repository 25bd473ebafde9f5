"use client";
// Upload a file of events (JSON lines: one Segment message a line; CSV: columns read through the source's column
// map): XHR progress for the bytes, the server's streamed progress for the rows, then the per-row error report.
// The same import as `c360 events import`: a message already stored counts as a duplicate, so re-uploading the
// same file after a broken connection stores nothing twice.
import { useRouter } from "next/navigation";
import { StreamingUpload, type UploadSummary } from "~/components/streaming-upload";

interface Summary extends UploadSummary {
  duplicate: number;
}

export function EventUpload({ sourceName }: { sourceName: string }) {
  const router = useRouter();
  return (
    <section aria-labelledby="event-upload-heading" className="grid gap-4">
      <StreamingUpload<Summary>
        idPrefix="event-upload"
        title="Upload events"
        fileLabel="File (.jsonl, .ndjson: one message a line; .csv: read through the column map)"
        buttonLabel="Import events"
        url={`/api/admin/sources/${encodeURIComponent(sourceName)}/events/import`}
        emptyFileMessage="Choose a non-empty JSON-lines or CSV file of events."
        retryHint="stored events count as duplicates"
        progressLabel="Event upload progress"
        rejectedTableLabel="Rejected event rows"
        statusTestId="event-upload-status"
        describeSummary={(s) =>
          `Done: ${s.rowsTotal} rows, ${s.accepted} accepted, ${s.duplicate} duplicate, ${s.rejected} rejected.`
        }
        onFinished={(phase) => {
          if (phase.kind === "done") router.refresh();
        }}
      />
    </section>
  );
}
