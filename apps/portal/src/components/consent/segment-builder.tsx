"use client";
// The segment rule builder: conditions on golden attributes, on interactions or on the trained model's churn band,
// combined with AND or OR, a live count of matching profiles (and of those with consent for a chosen purpose), saved
// as a validated definition.
import type { RouterInputs } from "@c360/api";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";
import { useFeedback } from "~/components/use-feedback";

type Definition = RouterInputs["activation"]["preview"]["definition"];
type Condition =
  | { kind: "attribute"; attribute: string; operator: string; value: string }
  | { kind: "interactions"; channel: string; type: string; withinDays: string; atLeast: string }
  | { kind: "churn"; bands: ("high" | "medium" | "low")[] };

const attributes = [
  "city",
  "state",
  "postcode",
  "country",
  "first_name",
  "last_name",
  "gender",
  "email",
  "phone",
  "dob",
];
const operators = [
  ["equals", "equals"],
  ["not_equals", "does not equal"],
  ["contains", "contains"],
  ["starts_with", "starts with"],
  ["is_set", "is set"],
  ["is_not_set", "is not set"],
];
const channels = ["", "purchase", "ticket", "email", "web", "call", "sms", "chat", "store", "other"];
const field = "rounded-md border border-slate-300 px-2 py-1.5";

function toDefinition(combinator: "and" | "or", conditions: Condition[]): Definition {
  return {
    kind: "group",
    combinator,
    conditions: conditions.map((c) =>
      c.kind === "churn"
        ? { kind: "churn", bands: c.bands }
        : c.kind === "attribute"
          ? {
              kind: "attribute",
              attribute: c.attribute as "city",
              operator: c.operator as "equals",
              value: c.value || undefined,
            }
          : {
              kind: "interactions",
              channel: (c.channel || null) as "purchase" | null,
              type: c.type.trim() || null,
              withinDays: c.withinDays ? Number(c.withinDays) : null,
              atLeast: Number(c.atLeast || 0),
              atMost: null,
            },
    ),
  } as Definition;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function SegmentBuilder({ purposeKeys }: { purposeKeys: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { feedback, ok, fail } = useFeedback();
  const [name, setName] = useState("");
  const [combinator, setCombinator] = useState<"and" | "or">("and");
  const [purposeKey, setPurposeKey] = useState(
    purposeKeys.includes("marketing.email") ? "marketing.email" : (purposeKeys[0] ?? ""),
  );
  const [conditions, setConditions] = useState<Condition[]>([
    { kind: "attribute", attribute: "city", operator: "equals", value: "" },
  ]);
  const definition = toDefinition(combinator, conditions);
  const debounced = useDebounced(JSON.stringify({ definition, purposeKey }), 300);
  const preview = useQuery({
    ...trpc.activation.preview.queryOptions(
      JSON.parse(debounced) as { definition: Definition; purposeKey: string },
    ),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation(
    trpc.activation.saveSegment.mutationOptions({
      onSuccess: (s) => (ok(`Segment ${s.name} saved.`), router.refresh()),
      onError: fail,
    }),
  );
  const update = (index: number, change: Partial<Condition>) =>
    setConditions((all) => all.map((c, i) => (i === index ? ({ ...c, ...change } as Condition) : c)));

  return (
    <section
      aria-labelledby="builder-heading"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="builder-heading" className="text-lg font-medium">
        Build a segment
      </h2>
      <label className="flex flex-col">
        Segment name
        <input value={name} onChange={(e) => setName(e.target.value)} className={`mt-1 w-80 ${field}`} />
      </label>
      <label className="flex items-center gap-2">
        Profiles matching
        <select
          aria-label="Combine conditions"
          value={combinator}
          onChange={(e) => setCombinator(e.target.value as "and" | "or")}
          className={field}
        >
          <option value="and">all of (AND)</option>
          <option value="or">any of (OR)</option>
        </select>
        these conditions:
      </label>
      <ol className="space-y-2">
        {conditions.map((condition, index) => (
          <li
            key={index}
            className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-2"
            aria-label={`Condition ${index + 1}`}
          >
            <select
              aria-label={`Condition ${index + 1} kind`}
              value={condition.kind}
              onChange={(e) =>
                setConditions((all) =>
                  all.map((c, i) =>
                    i !== index
                      ? c
                      : e.target.value === "churn"
                        ? { kind: "churn", bands: ["high"] }
                        : e.target.value === "attribute"
                          ? { kind: "attribute", attribute: "city", operator: "equals", value: "" }
                          : {
                              kind: "interactions",
                              channel: "purchase",
                              type: "",
                              withinDays: "30",
                              atLeast: "1",
                            },
                  ),
                )
              }
              className={field}
            >
              <option value="attribute">golden attribute</option>
              <option value="interactions">interactions</option>
              <option value="churn">churn risk (trained model)</option>
            </select>
            {condition.kind === "churn" ? (
              <fieldset className="flex items-center gap-3" aria-label={`Condition ${index + 1} churn bands`}>
                {(["high", "medium", "low"] as const).map((band) => (
                  <label key={band} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={condition.bands.includes(band)}
                      onChange={(e) =>
                        update(index, {
                          bands: e.target.checked
                            ? [...condition.bands, band]
                            : condition.bands.filter((b) => b !== band),
                        })
                      }
                    />
                    {band}
                  </label>
                ))}
              </fieldset>
            ) : condition.kind === "attribute" ? (
              <>
                <select
                  aria-label={`Condition ${index + 1} attribute`}
                  value={condition.attribute}
                  onChange={(e) => update(index, { attribute: e.target.value })}
                  className={field}
                >
                  {attributes.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
                <select
                  aria-label={`Condition ${index + 1} operator`}
                  value={condition.operator}
                  onChange={(e) => update(index, { operator: e.target.value })}
                  className={field}
                >
                  {operators.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
                {condition.operator !== "is_set" && condition.operator !== "is_not_set" && (
                  <input
                    aria-label={`Condition ${index + 1} value`}
                    value={condition.value}
                    onChange={(e) => update(index, { value: e.target.value })}
                    className={field}
                  />
                )}
              </>
            ) : (
              <>
                at least
                <input
                  aria-label={`Condition ${index + 1} at least`}
                  type="number"
                  min={0}
                  value={condition.atLeast}
                  onChange={(e) => update(index, { atLeast: e.target.value })}
                  className={`w-20 ${field}`}
                />
                <select
                  aria-label={`Condition ${index + 1} channel`}
                  value={condition.channel}
                  onChange={(e) => update(index, { channel: e.target.value })}
                  className={field}
                >
                  {channels.map((c) => (
                    <option key={c} value={c}>
                      {c || "any channel"}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={`Condition ${index + 1} event type`}
                  placeholder="event type (optional)"
                  value={condition.type}
                  onChange={(e) => update(index, { type: e.target.value })}
                  className={`w-44 ${field}`}
                />
                in the last
                <input
                  aria-label={`Condition ${index + 1} days`}
                  type="number"
                  min={1}
                  placeholder="any"
                  value={condition.withinDays}
                  onChange={(e) => update(index, { withinDays: e.target.value })}
                  className={`w-20 ${field}`}
                />
                days
              </>
            )}
            {conditions.length > 1 && (
              <button
                type="button"
                onClick={() => setConditions((all) => all.filter((_, i) => i !== index))}
                className="text-red-700 underline"
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          setConditions((all) => [
            ...all,
            { kind: "attribute", attribute: "city", operator: "equals", value: "" },
          ])
        }
        className="rounded-md border border-slate-300 px-3 py-1.5"
      >
        Add condition
      </button>
      <div className="flex flex-wrap items-center gap-3 rounded-md bg-brand-50 p-3">
        <label className="flex items-center gap-2">
          Consent purpose for the preview
          <select value={purposeKey} onChange={(e) => setPurposeKey(e.target.value)} className={field}>
            {purposeKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <output data-testid="segment-preview" aria-live="polite">
          {preview.error
            ? preview.error.message.replace(/^definition\.[\w.]+: /, "")
            : preview.data
              ? `${preview.data.matched.toLocaleString("en-US")} profiles match; ${(preview.data.consented ?? 0).toLocaleString("en-US")} with consent for ${purposeKey}, ${(preview.data.excludedForConsent ?? 0).toLocaleString("en-US")} would be left out.`
              : "Counting…"}
        </output>
      </div>
      <FeedbackLine feedback={feedback} />
      <button
        type="button"
        onClick={() => save.mutate({ name, definition })}
        disabled={save.isPending}
        className="rounded-md bg-slate-800 px-3 py-1.5 text-white disabled:opacity-50"
      >
        Save segment
      </button>
    </section>
  );
}
