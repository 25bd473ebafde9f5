"use client";
// The records upload (the shared streaming upload) and the source's recent import batches beneath it.
import type { RouterOutputs } from "@c360/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
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
