"use client";
// Monthly interactions (bars) and spend (line) on recharts, with a table fallback for screen readers.
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

export interface ActivityPoint {
  month: string;
  interactions: number;
  spend: number;
}

export function ActivityChart({ data, title }: { data: readonly ActivityPoint[]; title: string }) {
  return (
    <figure aria-label={title} className="w-full">
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <ComposedChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} tickFormatter={(m: string) => m.slice(2)} />
            <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis
              yAxisId="spend"
              orientation="right"
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => `$${v}`}
            />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="count"
              dataKey="interactions"
              name="Interactions"
              fill="#1d5fd6"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
            <Line
              yAxisId="spend"
              dataKey="spend"
              name="Spend (USD)"
              stroke="#c2410c"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {title}:{" "}
        {data
          .filter((d) => d.interactions > 0)
          .map((d) => `${d.month}: ${d.interactions} interactions, $${d.spend}`)
          .join("; ") || "no activity"}
      </figcaption>
    </figure>
  );
}
