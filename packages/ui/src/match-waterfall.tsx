"use client";
// A match explanation as a waterfall: the prior, each comparison's weight (with its term-frequency adjustment)
// stacked on the running total, and the total; invisible base bars carry each step to where the last one ended.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface WaterfallTerm {
  comparison: string;
  level: string;
  weight: number;
  termFrequencyAdjustment: number;
}

export interface MatchWaterfallProps {
  priorWeight: number;
  terms: readonly WaterfallTerm[];
  totalWeight: number;
  probability: number;
  title?: string;
}

interface Step {
  label: string;
  detail: string;
  base: number;
  size: number;
  delta: number;
  end: number;
  kind: "prior" | "up" | "down" | "total";
}

const colors: Record<Step["kind"], string> = {
  prior: "#64748b",
  up: "#15803d",
  down: "#b91c1c",
  total: "#1d4ed8",
};

const signed = (n: number) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(2)}`;

/** Bars span [min(start, end), max(start, end)]; the base bar is transparent, so only the step shows. */
function toSteps({ priorWeight, terms, totalWeight }: MatchWaterfallProps): Step[] {
  const bar = (label: string, detail: string, start: number, end: number, kind: Step["kind"]): Step => ({
    label,
    detail,
    base: Math.min(start, end),
    size: Math.abs(end - start),
    delta: end - start,
    end,
    kind,
  });
  const steps = [bar("prior", "prior odds", 0, priorWeight, "prior")];
  let running = priorWeight;
  for (const term of terms) {
    const delta = term.weight + term.termFrequencyAdjustment;
    const tf =
      term.termFrequencyAdjustment !== 0 ? `, term frequency ${signed(term.termFrequencyAdjustment)}` : "";
    steps.push(
      bar(
        term.comparison,
        `${term.level}: ${signed(term.weight)}${tf}`,
        running,
        running + delta,
        delta >= 0 ? "up" : "down",
      ),
    );
    running += delta;
  }
  steps.push(bar("total", "total match weight", 0, totalWeight, "total"));
  return steps;
}

export function MatchWaterfall(props: MatchWaterfallProps) {
  const steps = toSteps(props);
  const title = props.title ?? "Match weights (bits)";
  // recharts stacks a negative base and a positive size wrongly, so bars are drawn on a shifted axis from the minimum.
  // Round ticks in real bits (every 5 or 10) from a floor on the tick grid, so the zero line is labelled 0.
  const lowest = Math.min(0, ...steps.map((s) => s.base));
  const ceiling = Math.max(0, ...steps.map((s) => s.base + s.size));
  const tickStep = ceiling - lowest > 40 ? 10 : 5;
  const floor = Math.floor(lowest / tickStep) * tickStep;
  const data = steps.map((s) => ({ ...s, shiftedBase: s.base - floor }));
  const ticks: number[] = [];
  for (let t = floor; t < ceiling + tickStep; t += tickStep) ticks.push(t - floor);
  return (
    <figure aria-label={title} data-testid="match-waterfall">
      <div className="h-80 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" minWidth={240}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fontSize: 11 }}
              interval={0}
              angle={-30}
              textAnchor="end"
              height={60}
            />
            <YAxis
              tick={{ fontSize: 11 }}
              ticks={ticks}
              domain={[0, ticks.at(-1) ?? "auto"]}
              tickFormatter={(v: number) => (v + floor).toFixed(0)}
            />
            <ReferenceLine y={-floor} stroke="#334155" />
            <Tooltip
              formatter={(_value, name, item) => {
                const step = (item as { payload?: Step }).payload;
                return name === "size" && step
                  ? [`${signed(step.delta)} → ${step.end.toFixed(2)}`, step.detail]
                  : [null, null];
              }}
            />
            <Bar dataKey="shiftedBase" stackId="w" fill="transparent" isAnimationActive={false} />
            <Bar dataKey="size" stackId="w" isAnimationActive={false}>
              {data.map((s) => (
                <Cell key={s.label} fill={colors[s.kind]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-slate-700">
        Total {props.totalWeight.toFixed(2)} bits → match probability{" "}
        <strong>{(props.probability * 100).toFixed(1)}%</strong>
      </figcaption>
      <ol className="sr-only">
        {steps.map((s) => (
          <li key={s.label}>
            {s.label} ({s.detail}): {signed(s.delta)}, running total {s.end.toFixed(2)}
          </li>
        ))}
      </ol>
    </figure>
  );
}
