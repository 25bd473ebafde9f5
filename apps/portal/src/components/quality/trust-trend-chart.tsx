"use client";
// The Data Trust Score over the last runs, as a line on recharts.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TrustPoint {
  at: string;
  score: number | null;
}

export function TrustTrendChart({ points }: { points: readonly TrustPoint[] }) {
  const data = points.map((p) => ({
    at: p.at,
    score: p.score === null ? null : Math.round(p.score * 10) / 10,
  }));
  return (
    <figure aria-label="Data Trust Score trend" data-chart="trust-trend">
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} width={36} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="score"
              name="Trust score"
              stroke="#1d5fd6"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        Data Trust Score by run: {data.map((p) => `${p.at} ${p.score ?? "not measured"}`).join(", ")}
      </figcaption>
    </figure>
  );
}
