"use client";
// The trigger form (create and edit): the condition (an event and its property filters, an absence, consent given
// or withdrawn, a merge, changed golden values), the action (a webhook or a NATS subject), the consent purpose and
// the cap. "Dry run" replays the definition over the last 7 days' history before anything is saved; saving applies
// it (a new version when it changed) and, for a new trigger, shows its signing secret once.
import type { RouterInputs, RouterOutputs } from "@c360/api";
import { watchableAttributes } from "@c360/core/triggers/trigger-schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";

type Definition = RouterInputs["triggers"]["save"];
type Operator = Extract<Definition["condition"], { kind: "event" }>["where"] extends (infer F)[] | undefined
  ? F extends { op: infer O }
    ? O
    : never
  : never;
const operators: { op: Operator; label: string }[] = [
  { op: "eq", label: "equals" },
  { op: "neq", label: "does not equal" },
  { op: "gt", label: ">" },
  { op: "gte", label: "≥" },
  { op: "lt", label: "<" },
  { op: "lte", label: "≤" },
  { op: "contains", label: "contains" },
  { op: "in", label: "is one of (comma-separated)" },
  { op: "exists", label: "is present" },
];

interface FilterRow {
  property: string;
  op: Operator;
  value: string;
}

function valueOf(op: Operator, text: string): string | number | boolean | (string | number)[] | undefined {
  const scalar = (s: string) => {
    const t = s.trim();
    return t !== "" && Number.isFinite(Number(t)) ? Number(t) : t;
  };
  if (op === "exists") return undefined;
  if (op === "in") return text.split(",").map(scalar);
  if (["gt", "gte", "lt", "lte"].includes(op)) return text.trim() === "" ? undefined : Number(text);
  return scalar(text);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

type DryRun = RouterOutputs["triggers"]["dryRun"];
type ConditionKind = Definition["condition"]["kind"];
type ActionKind = Definition["action"]["kind"];
const conditionKinds: { kind: ConditionKind; label: string }[] = [
  { kind: "event", label: "when an event arrives" },
  { kind: "absence", label: "when a person has had no such event for some days" },
  { kind: "consent", label: "when consent is given or withdrawn" },
  { kind: "merge", label: "when a steward merges profiles" },
  { kind: "attribute", label: "when a golden value changes" },
];

export function TriggerForm({
  purposes,
  initial,
}: {
  purposes: { key: string; name: string }[];
  initial?: RouterOutputs["triggers"]["get"]["definition"];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [filters, setFilters] = useState<FilterRow[]>(
    initial?.condition.kind === "event"
      ? initial.condition.where.map((f) => ({ property: f.property, op: f.op, value: textOf(f.value) }))
      : [],
  );
  const [kind, setKind] = useState<ConditionKind>(initial?.condition.kind ?? "event");
  const [actionKind, setActionKind] = useState<ActionKind>(initial?.action.kind ?? "webhook");
  const [attributes, setAttributes] = useState<string[]>(
    initial?.condition.kind === "attribute" ? initial.condition.attributes : [],
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [secret, setSecret] = useState<{ key: string; secret: string } | null>(null);
  const [dryInput, setDryInput] = useState<Definition | null>(null);
  const dryRun = useQuery({
    ...trpc.triggers.dryRun.queryOptions({ definition: dryInput!, days: 7 }),
    enabled: dryInput !== null,
    retry: false,
  });
  const save = useMutation(
    trpc.triggers.save.mutationOptions({
      onSuccess: (result) => {
        setProblem(null);
        setFieldErrors({});
        if (result.secret) setSecret({ key: result.key, secret: result.secret });
        else router.push(`/triggers/${result.key}`);
        router.refresh();
      },
      onError: (error) => {
        setProblem(error.message);
        const data = error.data as
          | {
              fieldErrors?: Record<string, string[]> | null;
              details?: { fieldErrors?: Record<string, string[]> } | null;
            }
          | undefined;
        setFieldErrors(data?.fieldErrors ?? data?.details?.fieldErrors ?? {});
      },
    }),
  );

  function definitionFrom(form: HTMLFormElement): Definition {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const capMax = text("capMax");
    return {
      key: text("key"),
      name: text("name"),
      enabled: data.get("enabled") === "on",
      condition: conditionFrom(text),
      action:
        actionKind === "nats"
          ? { kind: "nats", subject: text("subject") }
          : { kind: "webhook", url: text("url") },
      consent: { purpose: text("purpose"), channel: "" },
      ...(capMax ? { cap: { max: Number(capMax), perHours: Number(text("capHours") || "24") } } : {}),
    };
  }

  function conditionFrom(text: (name: string) => string): Definition["condition"] {
    switch (kind) {
      case "absence":
        return { kind: "absence", event: text("event"), days: Number(text("days")) };
      case "consent":
        return {
          kind: "consent",
          purpose: text("conditionPurpose"),
          change: text("change") === "withdrawn" ? "withdrawn" : "given",
          // A channel set in a file (c360 triggers apply) is kept when the form saves a new version.
          ...(initial?.condition.kind === "consent" && initial.condition.channel !== undefined
            ? { channel: initial.condition.channel }
            : {}),
        };
      case "merge":
        return { kind: "merge" };
      case "attribute":
        return { kind: "attribute", attributes };
      case "event":
        return {
          kind: "event",
          event: text("event"),
          where: filters.map((f) => ({
            property: f.property.trim(),
            op: f.op,
            value: valueOf(f.op, f.value),
          })),
        };
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const definition = definitionFrom(event.currentTarget);
    if (submitter?.value === "dry-run") setDryInput(definition);
    else save.mutate(definition);
  }

  const errorOf = (field: string) => {
    const messages = Object.entries(fieldErrors)
      .filter(([k]) => k === field || k.endsWith(`.${field}`) || k.startsWith(`${field} `))
      .flatMap(([, m]) => m);
    return messages.length ? (
      <p className="mt-1 text-xs text-red-700" role="alert">
        {messages.join("; ")}
      </p>
    ) : null;
  };
  const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  const label = "block text-sm font-medium text-slate-700";

  if (secret)
    return (
      <section className="rounded-xl border border-amber-300 bg-amber-50 p-6" aria-labelledby="secret-title">
        <h2 id="secret-title" className="text-lg font-medium text-slate-900">
          Trigger {secret.key} saved
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          Its signing secret, shown this once: receivers check the <code>c360-signature</code> header
          (HMAC-SHA256 of <code>timestamp.body</code>) with it.
        </p>
        <p className="mt-3 break-all rounded bg-white p-3 font-mono text-sm" data-secret>
          {secret.secret}
        </p>
        <button
          type="button"
          className="mt-4 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white"
          onClick={() => router.push(`/triggers/${secret.key}`)}
        >
          Open the trigger
        </button>
      </section>
    );

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-6"
      noValidate
    >
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <label className={label} htmlFor="trigger-key">
            Key
          </label>
          <input
            id="trigger-key"
            name="key"
            className={input}
            defaultValue={initial?.key}
            readOnly={Boolean(initial)}
            placeholder="big-order"
          />
          {errorOf("key")}
        </div>
        <div>
          <label className={label} htmlFor="trigger-name">
            Name
          </label>
          <input id="trigger-name" name="name" className={input} defaultValue={initial?.name} />
          {errorOf("name")}
        </div>
        <div>
          <label className={label} htmlFor="trigger-kind">
            Fires
          </label>
          <select
            id="trigger-kind"
            className={input}
            value={kind}
            onChange={(e) => setKind(e.target.value as ConditionKind)}
          >
            {conditionKinds.map((c) => (
              <option key={c.kind} value={c.kind}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        {kind === "consent" && (
          <>
            <div>
              <label className={label} htmlFor="trigger-condition-purpose">
                Consent to watch
              </label>
              <select
                id="trigger-condition-purpose"
                name="conditionPurpose"
                className={input}
                defaultValue={
                  initial?.condition.kind === "consent" ? initial.condition.purpose : purposes[0]?.key
                }
              >
                {purposes.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name} ({p.key})
                  </option>
                ))}
              </select>
              {errorOf("condition.purpose")}
            </div>
            <div>
              <label className={label} htmlFor="trigger-change">
                Change
              </label>
              <select
                id="trigger-change"
                name="change"
                className={input}
                defaultValue={initial?.condition.kind === "consent" ? initial.condition.change : "given"}
              >
                <option value="given">given (from no decision, a refusal, a withdrawal or an expiry)</option>
                <option value="withdrawn">withdrawn or refused after it was given</option>
              </select>
            </div>
          </>
        )}
        {kind === "absence" && (
          <div>
            <label className={label} htmlFor="trigger-days">
              Days without the event
            </label>
            <input
              id="trigger-days"
              name="days"
              type="number"
              min={1}
              className={input}
              defaultValue={initial?.condition.kind === "absence" ? initial.condition.days : 30}
            />
            {errorOf("condition.days")}
          </div>
        )}
        {(kind === "event" || kind === "absence") && (
          <div>
            <label className={label} htmlFor="trigger-event">
              Event name
            </label>
            <input
              id="trigger-event"
              name="event"
              className={input}
              defaultValue={
                initial?.condition.kind === "event" || initial?.condition.kind === "absence"
                  ? initial.condition.event
                  : undefined
              }
              placeholder="Order Completed"
            />
            {errorOf("condition.event")}
          </div>
        )}
        <div>
          <label className={label} htmlFor="trigger-action">
            Action
          </label>
          <select
            id="trigger-action"
            className={input}
            value={actionKind}
            onChange={(e) => setActionKind(e.target.value as ActionKind)}
          >
            <option value="webhook">POST a signed webhook</option>
            <option value="nats">publish to a NATS subject (JetStream)</option>
          </select>
        </div>
        {actionKind === "webhook" ? (
          <div>
            <label className={label} htmlFor="trigger-url">
              Webhook URL
            </label>
            <input
              id="trigger-url"
              name="url"
              className={input}
              defaultValue={initial?.action.kind === "webhook" ? initial.action.url : undefined}
              placeholder="https://hooks.example.com/c360"
            />
            <p className="mt-1 text-xs text-slate-500">
              Public addresses only, unless an administrator allows the host (C360_WEBHOOK_ALLOWED_HOSTS).
            </p>
            {errorOf("action.url")}
          </div>
        ) : (
          <div>
            <label className={label} htmlFor="trigger-subject">
              NATS subject
            </label>
            <input
              id="trigger-subject"
              name="subject"
              className={input}
              defaultValue={initial?.action.kind === "nats" ? initial.action.subject : undefined}
              placeholder="c360.triggers.opt-outs"
            />
            <p className="mt-1 text-xs text-slate-500">
              A JetStream stream must capture the subject; the delivery id goes as Nats-Msg-Id.
            </p>
            {errorOf("action.subject")}
          </div>
        )}
        <div>
          <label className={label} htmlFor="trigger-purpose">
            Consent purpose the action needs
          </label>
          <select
            id="trigger-purpose"
            name="purpose"
            className={input}
            defaultValue={initial?.consent.purpose ?? purposes[0]?.key}
          >
            {purposes.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name} ({p.key})
              </option>
            ))}
          </select>
          {errorOf("consent.purpose")}
        </div>
        <div className="flex gap-3">
          <div className="flex-1">
            <label className={label} htmlFor="trigger-cap-max">
              At most (per person)
            </label>
            <input
              id="trigger-cap-max"
              name="capMax"
              type="number"
              min={1}
              className={input}
              defaultValue={initial?.cap?.max}
              placeholder="no cap"
            />
          </div>
          <div className="flex-1">
            <label className={label} htmlFor="trigger-cap-hours">
              times in hours
            </label>
            <input
              id="trigger-cap-hours"
              name="capHours"
              type="number"
              min={1}
              className={input}
              defaultValue={initial?.cap?.perHours ?? 24}
            />
          </div>
        </div>
      </div>
      {errorOf("cap")}

      {kind === "attribute" && (
        <fieldset>
          <legend className={label}>Golden values to watch (any of them changing fires it)</legend>
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
            {watchableAttributes.map((a) => (
              <label key={a} className="flex items-center gap-1 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={attributes.includes(a)}
                  onChange={(e) =>
                    setAttributes(e.target.checked ? [...attributes, a] : attributes.filter((x) => x !== a))
                  }
                />
                {a}
              </label>
            ))}
          </div>
          {errorOf("condition.attributes")}
        </fieldset>
      )}

      {kind === "event" && (
        <fieldset>
          <legend className={label}>Property filters (all must hold)</legend>
          {filters.map((f, i) => (
            <div key={i} className="mt-2 flex flex-wrap items-center gap-2" data-filter={i}>
              <input
                aria-label={`Filter ${i + 1} property`}
                className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                value={f.property}
                placeholder="revenue"
                onChange={(e) =>
                  setFilters(filters.map((g, j) => (j === i ? { ...g, property: e.target.value } : g)))
                }
              />
              <select
                aria-label={`Filter ${i + 1} operator`}
                className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                value={f.op}
                onChange={(e) =>
                  setFilters(filters.map((g, j) => (j === i ? { ...g, op: e.target.value as Operator } : g)))
                }
              >
                {operators.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
              {f.op !== "exists" && (
                <input
                  aria-label={`Filter ${i + 1} value`}
                  className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                  value={f.value}
                  onChange={(e) =>
                    setFilters(filters.map((g, j) => (j === i ? { ...g, value: e.target.value } : g)))
                  }
                />
              )}
              <button
                type="button"
                className="text-sm text-slate-600 underline"
                onClick={() => setFilters(filters.filter((_, j) => j !== i))}
              >
                Remove
              </button>
              {errorOf(`condition.where.${i}.value`)}
            </div>
          ))}
          <button
            type="button"
            className="mt-2 rounded-md border border-slate-300 px-3 py-1 text-sm"
            onClick={() => setFilters([...filters, { property: "", op: "gt", value: "" }])}
          >
            Add a filter
          </button>
        </fieldset>
      )}

      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} /> On
      </label>

      {problem && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      )}
      <DryRunResult
        pending={dryRun.isFetching}
        error={dryRun.error?.message ?? null}
        result={dryInput ? (dryRun.data ?? null) : null}
      />
      <div className="flex gap-3">
        <button
          type="submit"
          value="dry-run"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium"
        >
          Dry run (last 7 days)
        </button>
        <button
          type="submit"
          value="save"
          disabled={save.isPending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {initial ? "Save a new version" : "Save trigger"}
        </button>
      </div>
    </form>
  );
}

function DryRunResult({
  pending,
  error,
  result,
}: {
  pending: boolean;
  error: string | null;
  result: DryRun | null;
}) {
  if (pending) return <p role="status">Replaying the last 7 days…</p>;
  if (error)
    return (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
        {error}
      </p>
    );
  if (!result) return null;
  return (
    <section role="status" aria-label="Dry run" className="rounded-md bg-slate-50 p-3 text-sm text-slate-800">
      <p data-dry-run>
        {result.estimate ? "About: would" : "Would"} have fired {result.wouldFire} times in the last{" "}
        {result.days} days, for {result.profiles} profiles
        {result.skippedNoConsent + result.skippedCapped > 0 &&
          ` (and skipped ${result.skippedNoConsent} without consent, ${result.skippedCapped} over the cap)`}
        .
      </p>
      <p className="mt-1 text-xs text-slate-600">
        Replayed over the {result.basis}
        {result.estimate &&
          " (golden values keep no history: the profiles whose watched values were last decided in the window, once each)"}
        .
      </p>
      {result.sampleProfiles.length > 0 && (
        <ul className="mt-2 list-disc pl-5">
          {result.sampleProfiles.map((p) => (
            <li key={p.profileId}>
              <a className="text-brand-700 underline" href={`/profiles/${p.profileId}`}>
                {p.profileId}
              </a>{" "}
              ({p.firings})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
