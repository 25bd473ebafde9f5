"use client";
// The explanation's waterfall (a client chart) plus the same numbers as a table, for reading and for screen readers.
import { MatchWaterfall } from "@c360/ui/match-waterfall";
import type { PairExplanation } from "@c360/core/stewardship/get-review-task";

const signed = (n: number) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(2)}`;

export function WaterfallPanel({ explanation }: { explanation: PairExplanation }) {
  let running = explanation.priorWeight;
  return (
    <div className="grid gap-6 rounded-xl border border-slate-200 bg-white p-4 lg:grid-cols-2">
      <MatchWaterfall
        priorWeight={explanation.priorWeight}
        terms={explanation.terms}
        totalWeight={explanation.totalWeight}
        probability={explanation.probability}
      />
      <table className="text-left text-sm">
        <caption className="sr-only">Match weights in bits</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Step
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Level
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Weight
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Term freq.
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Running
            </th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          <tr className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-3 font-normal">
              prior
            </th>
            <td className="py-1 pr-3" />
            <td className="py-1 pr-3 text-right">{signed(explanation.priorWeight)}</td>
            <td className="py-1 pr-3" />
            <td className="py-1 text-right">{explanation.priorWeight.toFixed(2)}</td>
          </tr>
          {explanation.terms.map((term) => {
            running += term.weight + term.termFrequencyAdjustment;
            return (
              <tr key={term.comparison} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {term.comparison}
                </th>
                <td className="py-1 pr-3 text-slate-600">{term.level}</td>
                <td className="py-1 pr-3 text-right">{signed(term.weight)}</td>
                <td className="py-1 pr-3 text-right">
                  {term.termFrequencyAdjustment !== 0 ? signed(term.termFrequencyAdjustment) : ""}
                </td>
                <td className="py-1 text-right">{running.toFixed(2)}</td>
              </tr>
            );
          })}
          <tr className="border-t border-slate-300 font-semibold">
            <th scope="row" className="py-1 pr-3">
              total
            </th>
            <td className="py-1 pr-3">
              {explanation.passesNameGate
                ? explanation.decision
                : `${explanation.decision} (name gate: given names disagree)`}
            </td>
            <td className="py-1 pr-3" />
            <td className="py-1 pr-3" />
            <td className="py-1 text-right">
              {explanation.totalWeight.toFixed(2)} → {(explanation.probability * 100).toFixed(1)}%
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
