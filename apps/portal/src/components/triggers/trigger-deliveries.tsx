"use client";
// A trigger's delivery history (refreshing every few seconds), and its dead letters with replay.
import type { RouterOutputs } from "@c360/api";
import { DataTable, type DataColumn } from "@c360/ui/data-table";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

type Delivery = RouterOutputs["triggers"]["deliveries"][number];

const time = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
});

const statusLabel = (d: Delivery) =>
  d.status === "skipped"
    ? d.skipReason === "no_consent"
      ? "Skipped: no consent"
      : "Skipped: capped"
    : d.status === "dead"
      ? "Dead letter"
      : d.status[0]!.toUpperCase() + d.status.slice(1);

const columns: DataColumn<Delivery & Record<string, unknown>>[] = [
  { id: "created", header: "Fired (UTC)", cell: (d) => time.format(d.createdAt) },
  { id: "status", header: "Status", cell: (d) => <span data-status={d.status}>{statusLabel(d)}</span> },
  {
    id: "profile",
    header: "Profile",
    cell: (d) => (
      <a className="font-mono text-xs text-brand-700 underline" href={`/profiles/${d.profileId}`}>
        {d.profileId.slice(0, 8)}
      </a>
    ),
  },
  { id: "id", header: "Delivery id", cell: (d) => <code className="text-xs">{d.id}</code> },
  { id: "attempts", header: "Attempts", cell: (d) => d.attempts, className: "text-right tabular-nums" },
  {
    id: "latency",
    header: "Latency",
    cell: (d) => (d.latencyMs === null ? "—" : `${d.latencyMs} ms`),
    className: "text-right tabular-nums",
  },
  {
    id: "error",
    header: "Last answer",
    cell: (d) =>
      d.lastError ??
      (d.lastHttpStatus
        ? `HTTP ${d.lastHttpStatus}`
        : d.nextAttemptAt
          ? `next ${time.format(d.nextAttemptAt)}`
          : ""),
  },
];

export function TriggerDeliveries({ triggerKey }: { triggerKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const history = useQuery({
    ...trpc.triggers.deliveries.queryOptions({ key: triggerKey, limit: 100 }),
    refetchInterval: 3000,
  });
  const dead = useQuery({
    ...trpc.triggers.deliveries.queryOptions({ key: triggerKey, status: "dead", limit: 200 }),
    refetchInterval: 10_000,
  });
  const replay = useMutation(
    trpc.triggers.replay.mutationOptions({
      onSuccess: (r) => {
        setMessage(`${r.replayed} deliveries sent again.`);
        void queryClient.invalidateQueries({ queryKey: trpc.triggers.deliveries.pathKey() });
        router.refresh();
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  const rows = (history.data ?? []) as (Delivery & Record<string, unknown>)[];
  const deadRows = (dead.data ?? []) as (Delivery & Record<string, unknown>)[];
  return (
    <>
      <section aria-labelledby="dead-letters" className="mt-8">
        <div className="mb-3 flex items-baseline justify-between gap-4">
          <h2 id="dead-letters" className="text-lg font-medium text-slate-900">
            Dead letters ({deadRows.length})
          </h2>
          <div className="flex items-center gap-3">
            <span role="status" className="text-sm text-slate-600">
              {message}
            </span>
            {deadRows.length > 0 && (
              <button
                type="button"
                disabled={replay.isPending}
                onClick={() => replay.mutate({ deliveryIds: deadRows.map((d) => d.id) })}
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
              >
                Replay all
              </button>
            )}
          </div>
        </div>
        <p className="mb-2 text-sm text-slate-600">
          Deliveries that failed for 24 hours. A replay sends each again with the same delivery id (receivers
          deduplicate on <code>Idempotency-Key</code>).
        </p>
        <DataTable
          caption="Dead letters"
          columns={columns}
          rows={deadRows}
          rowKey={(d) => d.id}
          empty="No dead letters."
        />
      </section>
      <section aria-labelledby="delivery-history" className="mt-8">
        <h2 id="delivery-history" className="mb-3 text-lg font-medium text-slate-900">
          Delivery history
        </h2>
        <DataTable
          caption="Delivery history, newest first"
          columns={columns}
          rows={rows}
          rowKey={(d) => d.id}
          empty="Nothing fired yet."
          id="delivery-history-table"
        />
      </section>
    </>
  );
}
