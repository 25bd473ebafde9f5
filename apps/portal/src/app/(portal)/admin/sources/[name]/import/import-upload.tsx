"use client";
// The records upload (the shared streaming upload) and the source's recent import batches beneath it.
import type { RouterOutputs } from "@c360/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Table } from "@c360/ui/table";
import { StreamingUpload, type UploadSummary } from "~/components/streaming-upload";
import { useTRPC } from "~/trpc/react";

type Batch = RouterOutputs["sources"]["importBatches"][number];
interface Summary extends UploadSummary {
  batchId: string;
  unchanged: number;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

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
  return (
    <section aria-labelledby="upload-heading" className="grid gap-6">
      <StreamingUpload<Summary>
        idPrefix="upload"
        title="Upload a file"
        fileLabel="File (.csv, .jsonl, .ndjson, .json)"
        buttonLabel="Import"
        url={`/api/admin/sources/${encodeURIComponent(sourceName)}/import`}
        emptyFileMessage="Choose a non-empty CSV or JSON-lines file."
        retryHint="rows already stored count as unchanged"
        progressLabel="Upload progress"
        rejectedTableLabel="Rejected rows"
        describeSummary={(s) =>
          `Done: ${s.rowsTotal} rows, ${s.accepted} accepted, ${s.unchanged} unchanged, ${s.rejected} rejected.`
        }
        onFinished={() =>
          void queryClient.invalidateQueries({ queryKey: trpc.sources.importBatches.queryKey() })
        }
      />

      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading" className="mb-2 text-lg font-medium">
          Recent imports
        </h2>
        <Table
          label="Recent imports"
          rows={batches.data}
          rowKey={(batch) => batch.id}
          empty="No imports yet."
          columns={[
            {
              id: "started",
              header: "Started (UTC)",
              cell: (batch) => timeFormat.format(new Date(batch.startedAt)),
            },
            { id: "origin", header: "Origin", cell: (batch) => batch.origin },
            { id: "file", header: "File", cell: (batch) => batch.fileName ?? "—" },
            { id: "status", header: "Status", cell: (batch) => batch.status },
            { id: "rows", header: "Rows", className: "tabular-nums", cell: (batch) => batch.rowsTotal },
            {
              id: "accepted",
              header: "Accepted",
              className: "tabular-nums",
              cell: (batch) => batch.accepted,
            },
            {
              id: "unchanged",
              header: "Unchanged",
              className: "tabular-nums",
              cell: (batch) => batch.unchanged,
            },
            {
              id: "rejected",
              header: "Rejected",
              className: "tabular-nums",
              cell: (batch) => batch.rejected,
            },
          ]}
        />
      </section>
    </section>
  );
}
