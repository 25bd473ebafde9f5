"use client";
// Scores per quality dimension as bars (0-100 %); a bar opens the rules behind it.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DimensionScore {
  dimension: string;
  score: number | null;
}

const colorOf = (percent: number) => (percent >= 95 ? "#15803d" : percent >= 85 ? "#ca8a04" : "#b91c1c");

export function DimensionBars({ scores }: { scores: readonly DimensionScore[] }) {
  const router = useRouter();
  const data = scores.map((s) => ({
    dimension: s.dimension,
    percent: s.score === null ? 0 : Math.round(s.score * 1000) / 10,
  }));
  return (
    <figure aria-label="Score per quality dimension" data-chart="dimensions">
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={200}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="dimension" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} width={36} unit="%" />
            <Tooltip />
            <Bar
              dataKey="percent"
              name="Score"
              isAnimationActive={false}
              radius={[3, 3, 0, 0]}
              cursor="pointer"
              onClick={(entry) => {
                const dimension = (entry as { payload?: { dimension?: string } }).payload?.dimension;
                if (dimension) router.push(`/quality/drill/dimension?key=${dimension}`);
              }}
            >
              {data.map((d) => (
                <Cell key={d.dimension} fill={colorOf(d.percent)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {data.map((d) => `${d.dimension} ${d.percent}%`).join(", ")}
      </figcaption>
    </figure>
  );
}
