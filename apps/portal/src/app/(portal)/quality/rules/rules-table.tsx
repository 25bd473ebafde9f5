"use client";
// The rules with their latest score; quality:write holders change thresholds and weights, switch rules off and add rules.
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

type Rule = RouterOutputs["quality"]["listRules"][number];
const dimensions = ["completeness", "validity", "uniqueness", "consistency", "freshness"] as const;

export function RulesTable({ initialRules, canWrite }: { initialRules: Rule[]; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery({ ...trpc.quality.listRules.queryOptions(), initialData: initialRules });
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.quality.listRules.queryKey() });
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });
  const update = useMutation(
    trpc.quality.updateRule.mutationOptions({
      onSuccess: (r) => (setMessage({ kind: "ok", text: `Saved “${r.name}”.` }), void refresh()),
      onError,
    }),
  );
  const create = useMutation(
    trpc.quality.createRule.mutationOptions({
      onSuccess: (r) => (
        setMessage({ kind: "ok", text: `Added “${r.name}”; it is measured at the next run.` }),
        void refresh()
      ),
      onError,
    }),
  );

  function onSave(event: FormEvent<HTMLFormElement>, rule: Rule) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({
      ruleId: rule.id,
      threshold: Number(form.get("threshold")) / 100,
      weight: Number(form.get("weight")),
      enabled: form.get("enabled") === "on",
    });
  }

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const pattern = String(form.get("pattern") ?? "").trim();
    const sourceId = String(form.get("sourceId") ?? "");
    create.mutate({
      name: String(form.get("name")),
      dimension: String(form.get("dimension")) as (typeof dimensions)[number],
      scope: sourceId ? "source" : "golden",
      ...(sourceId ? { sourceId } : {}),
      field: String(form.get("field")),
      params: pattern ? { pattern } : {},
      threshold: Number(form.get("threshold")) / 100,
      weight: Number(form.get("weight")),
    });
  }

  const sources = [
    ...new Map(
      rules.data.filter((r) => r.sourceId).map((r) => [r.sourceId!, r.sourceName ?? r.sourceId!]),
    ).entries(),
  ];
  return (
    <section aria-label="Rules">
      <FeedbackLine feedback={message} className="mb-3" />
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Quality rules and their latest scores</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Rule
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Dimension
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Score
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Failing
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {canWrite ? "Threshold %, weight, enabled" : "Threshold, weight"}
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) => {
              const failing =
                rule.lastScore !== null &&
                rule.lastChecked !== null &&
                rule.lastChecked > 0 &&
                rule.lastScore < rule.threshold;
              return (
                <tr key={rule.id} className="border-t border-slate-100" data-rule={rule.name}>
                  <td className="px-3 py-2">
                    {rule.name}
                    {!rule.autoRegistered && (
                      <span className="ml-2 rounded bg-brand-50 px-1.5 text-xs text-brand-700">custom</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{rule.dimension}</td>
                  <td className={`px-3 py-2 tabular-nums ${failing ? "font-semibold text-red-700" : ""}`}>
                    {rule.lastScore === null ? "—" : `${(rule.lastScore * 100).toFixed(1)}%`}
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    {rule.lastFailed === null ? (
                      "—"
                    ) : (
                      <Link href={`/quality/drill/rule?key=${rule.id}`} className="text-brand-700 underline">
                        {rule.lastFailed.toLocaleString("en-US")} of{" "}
                        {rule.lastChecked?.toLocaleString("en-US")}
                      </Link>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {canWrite ? (
                      <form onSubmit={(e) => onSave(e, rule)} className="flex items-center gap-2">
                        <label className="sr-only" htmlFor={`t-${rule.id}`}>
                          Threshold of {rule.name}
                        </label>
                        <input
                          id={`t-${rule.id}`}
                          name="threshold"
                          type="number"
                          min={0}
                          max={100}
                          step={0.5}
                          defaultValue={rule.threshold * 100}
                          className="w-20 rounded border border-slate-300 px-2 py-1"
                        />
                        <label className="sr-only" htmlFor={`w-${rule.id}`}>
                          Weight of {rule.name}
                        </label>
                        <input
                          id={`w-${rule.id}`}
                          name="weight"
                          type="number"
                          min={0}
                          max={100}
                          step={0.5}
                          defaultValue={rule.weight}
                          className="w-16 rounded border border-slate-300 px-2 py-1"
                        />
                        <label className="flex items-center gap-1 text-xs">
                          <input name="enabled" type="checkbox" defaultChecked={rule.enabled} /> on
                        </label>
                        <button
                          type="submit"
                          className="rounded border border-slate-300 px-2 py-1 text-xs"
                          disabled={update.isPending}
                        >
                          Save
                        </button>
                      </form>
                    ) : (
                      <span className="tabular-nums">
                        {(rule.threshold * 100).toFixed(0)}% · ×{rule.weight}
                        {rule.enabled ? "" : " · off"}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canWrite && (
        <form
          onSubmit={onCreate}
          className="mt-8 grid max-w-3xl grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm"
          aria-labelledby="new-rule-heading"
        >
          <h2 id="new-rule-heading" className="col-span-2 text-base font-medium">
            Add a rule
          </h2>
          <label className="flex flex-col gap-1">
            Name
            <input name="name" required className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex flex-col gap-1">
            Dimension
            <select name="dimension" className="rounded border border-slate-300 px-2 py-1">
              {dimensions.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Measured on
            <select name="sourceId" className="rounded border border-slate-300 px-2 py-1">
              <option value="">golden profiles</option>
              {sources.map(([id, name]) => (
                <option key={id} value={id}>
                  source {name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            Field
            <input
              name="field"
              required
              placeholder="email"
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="flex flex-col gap-1">
            Pattern (validity, optional)
            <input
              name="pattern"
              placeholder="^[A-Z]"
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="flex flex-col gap-1">
            Threshold %
            <input
              name="threshold"
              type="number"
              min={0}
              max={100}
              step={0.5}
              defaultValue={95}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="flex flex-col gap-1">
            Weight
            <input
              name="weight"
              type="number"
              min={0}
              max={100}
              step={0.5}
              defaultValue={1}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <div className="col-span-2">
            <button
              type="submit"
              className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white"
              disabled={create.isPending}
            >
              Add rule
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
