"use client";
// The stewardship backlog over the last runs: open review tasks and open quality issues.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BacklogPoint {
  at: string;
  reviewTasks: number | null;
  qualityIssues: number | null;
}

export function BacklogChart({ points }: { points: readonly BacklogPoint[] }) {
  return (
    <figure aria-label="Stewardship backlog trend" data-chart="backlog">
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <LineChart data={[...points]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="monotone"
              dataKey="reviewTasks"
              name="Open review tasks"
              stroke="#c2410c"
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="qualityIssues"
              name="Open quality issues"
              stroke="#7c3aed"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        Backlog by run:{" "}
        {points
          .map((p) => `${p.at}: ${p.reviewTasks ?? 0} review tasks, ${p.qualityIssues ?? 0} quality issues`)
          .join("; ")}
      </figcaption>
    </figure>
  );
}
