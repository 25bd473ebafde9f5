"use client";
// Scores out of a maximum (recency, frequency, monetary) as horizontal bars on recharts.
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis } from "recharts";

export interface Score {
  label: string;
  value: number;
}

const colors = ["#b91c1c", "#c2410c", "#ca8a04", "#65a30d", "#15803d"];

export function ScoreBars({ scores, max, title }: { scores: readonly Score[]; max: number; title: string }) {
  return (
    <figure aria-label={title}>
      <div className="h-32 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={160}>
          <BarChart data={[...scores]} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <XAxis
              type="number"
              domain={[0, max]}
              ticks={Array.from({ length: max + 1 }, (_, i) => i)}
              tick={{ fontSize: 11 }}
            />
            <YAxis type="category" dataKey="label" width={80} tick={{ fontSize: 12 }} />
            <Bar dataKey="value" isAnimationActive={false} radius={[0, 3, 3, 0]}>
              {scores.map((s) => (
                <Cell
                  key={s.label}
                  fill={
                    colors[
                      Math.max(
                        0,
                        Math.min(colors.length - 1, Math.round((s.value / max) * colors.length) - 1),
                      )
                    ]
                  }
                />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {title}: {scores.map((s) => `${s.label} ${s.value} of ${max}`).join(", ")}
      </figcaption>
    </figure>
  );
}
