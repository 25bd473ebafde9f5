"use client";
// A trigger's days: deliveries, skips and failures as bars, latency p50/p99 (event arrival -> receiver's answer) as
// lines on a second axis, on recharts like the portal's other charts.
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface TriggerDayPoint {
  day: string;
  delivered: number;
  skippedNoConsent: number;
  skippedCapped: number;
  failed: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export function TriggerLatencyChart({ days }: { days: readonly TriggerDayPoint[] }) {
  return (
    <figure aria-label="Deliveries and latency by day" data-chart="trigger-latency">
      <div className="h-64 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <ComposedChart data={[...days]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis yAxisId="count" tick={{ fontSize: 11 }} width={40} allowDecimals={false} />
            <YAxis yAxisId="ms" orientation="right" tick={{ fontSize: 11 }} width={56} unit=" ms" />
            <Tooltip />
            <Legend />
            <Bar
              yAxisId="count"
              dataKey="delivered"
              name="Delivered"
              stackId="n"
              fill="#1d5fd6"
              isAnimationActive={false}
            />
            <Bar
              yAxisId="count"
              dataKey="skippedNoConsent"
              name="Skipped: no consent"
              stackId="n"
              fill="#94a3b8"
              isAnimationActive={false}
            />
            <Bar
              yAxisId="count"
              dataKey="skippedCapped"
              name="Skipped: capped"
              stackId="n"
              fill="#cbd5e1"
              isAnimationActive={false}
            />
            <Bar
              yAxisId="count"
              dataKey="failed"
              name="Failed"
              stackId="n"
              fill="#dc2626"
              isAnimationActive={false}
            />
            <Line
              yAxisId="ms"
              dataKey="latencyP50Ms"
              name="p50 latency"
              stroke="#059669"
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              yAxisId="ms"
              dataKey="latencyP99Ms"
              name="p99 latency"
              stroke="#d97706"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        By day:{" "}
        {days
          .map(
            (d) =>
              `${d.day}: ${d.delivered} delivered, ${d.skippedNoConsent} skipped without consent, ${d.skippedCapped} capped, ${d.failed} failed, latency p50 ${d.latencyP50Ms ?? "—"} ms, p99 ${d.latencyP99Ms ?? "—"} ms`,
          )
          .join("; ")}
      </figcaption>
    </figure>
  );
}
