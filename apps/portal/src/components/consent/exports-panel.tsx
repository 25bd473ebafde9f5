"use client";
// Exports of saved segments under a consent purpose: create one (CSV download or webhook push), run it, and see
// every run with who ran it, how many went out and how many consent kept back.
import type { RouterOutputs } from "@c360/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { downloadText } from "~/components/glossary/download";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";
import { useFeedback } from "~/components/use-feedback";

type Exports = RouterOutputs["activation"]["exports"];
type Segments = RouterOutputs["activation"]["segments"];

const exportFields = ["first_name", "last_name", "email", "phone", "city", "state", "postcode", "country"];
const field = "mt-1 rounded-md border border-slate-300 px-2 py-1.5";
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

export function ExportsPanel({
  exports,
  segments,
  purposeKeys,
  piiMasked,
}: {
  exports: Exports;
  segments: Segments;
  purposeKeys: string[];
  piiMasked: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { feedback, ok, fail } = useFeedback();
  const create = useMutation(
    trpc.activation.createExport.mutationOptions({
      onSuccess: (e) => (ok(`Export ${e.name} created.`), router.refresh()),
      onError: fail,
    }),
  );
  const run = useMutation(
    trpc.activation.runExport.mutationOptions({
      onSuccess: (result) => {
        const { run: r } = result;
        if (result.csv !== null && result.fileName) downloadText(result.fileName, result.csv);
        const counts = `${r.exportedCount} exported, ${r.excludedForConsentCount} left out for lack of consent`;
        if (r.status === "failed")
          fail({ message: `Export failed: ${r.error ?? "unknown error"} (${counts}).` });
        else ok(`Export done: ${counts}.`);
        router.refresh();
      },
      onError: fail,
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const kind = String(form.get("kind")) as "csv" | "webhook";
    create.mutate({
      name: String(form.get("name") ?? ""),
      segmentId: String(form.get("segmentId") ?? ""),
      purposeKey: String(form.get("purposeKey") ?? ""),
      kind,
      webhookUrl: kind === "webhook" ? String(form.get("webhookUrl") ?? "") || undefined : undefined,
      fields: form.getAll("fields").map(String) as ["email"],
    });
  }

  return (
    <section
      aria-labelledby="exports-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="exports-heading" className="text-lg font-medium">
        Exports
      </h2>
      <p className="text-slate-600">
        An export only ever includes profiles with current consent given for its purpose and channel, decided
        when it runs.
        {piiMasked &&
          " Your role may neither read personal data nor export contact points (activation:export), so emails, phones and postcodes in your exports are masked."}
      </p>
      <FeedbackLine feedback={feedback} />
      {exports.length === 0 ? (
        <p className="text-slate-600">No exports yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Exports">
          {exports.map((exp) => (
            <li
              key={exp.id}
              className="rounded-md border border-slate-200 p-3"
              data-testid={`export-${exp.name}`}
            >
              <div className="flex flex-wrap items-center gap-3">
                <strong>{exp.name}</strong>
                <span className="text-slate-600">
                  segment {exp.segmentName} · purpose{" "}
                  <span className="font-mono text-xs">{exp.purposeKey}</span>
                  {exp.effectiveChannel && ` (${exp.effectiveChannel})`} ·{" "}
                  {exp.kind === "csv" ? "CSV download" : `webhook ${exp.webhookUrl}`} ·{" "}
                  {exp.fields.join(", ")}
                </span>
                <button
                  type="button"
                  disabled={run.isPending}
                  onClick={() => run.mutate({ exportId: exp.id })}
                  aria-label={`Run export ${exp.name}`}
                  className="ml-auto rounded-md bg-slate-800 px-3 py-1.5 text-white disabled:opacity-50"
                >
                  {exp.kind === "csv" ? "Download CSV" : "Push now"}
                </button>
              </div>
              {exp.runs.length > 0 && (
                <table
                  className="mt-2 w-full text-left text-xs [&_td]:pr-3 [&_th]:pr-3"
                  aria-label={`Runs of ${exp.name}`}
                >
                  <thead className="text-slate-500">
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">Matched</th>
                      <th scope="col">Exported</th>
                      <th scope="col">Left out (no consent)</th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {exp.runs.map((r) => (
                      <tr key={r.id} className="border-t border-slate-100">
                        <td className="tabular-nums">{timeFormat.format(r.startedAt)}</td>
                        <td>{r.actorLabel}</td>
                        <td className="tabular-nums">{r.matchedCount}</td>
                        <td className="tabular-nums">{r.exportedCount}</td>
                        <td className="tabular-nums">{r.excludedForConsentCount}</td>
                        <td>
                          {r.status}
                          {r.httpStatus !== null && ` (HTTP ${r.httpStatus})`}
                          {r.error && <span className="text-red-700"> {r.error}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={onCreate}
        aria-label="New export"
        className="grid gap-2 rounded-lg bg-slate-50 p-3 md:grid-cols-2"
      >
        <h3 className="font-medium md:col-span-2">New export</h3>
        <label className="flex flex-col">
          Export name
          <input name="name" required className={field} />
        </label>
        <label className="flex flex-col">
          Segment
          <select name="segmentId" className={field}>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Purpose
          <select
            name="purposeKey"
            className={field}
            defaultValue={purposeKeys.includes("marketing.email") ? "marketing.email" : undefined}
          >
            {purposeKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Delivery
          <select name="kind" className={field}>
            <option value="csv">CSV download</option>
            <option value="webhook">webhook push</option>
          </select>
        </label>
        <label className="flex flex-col md:col-span-2">
          Webhook URL (for a webhook push)
          <input
            name="webhookUrl"
            type="url"
            placeholder="https://esp.example.com/hooks/c360"
            className={field}
            aria-describedby="webhook-url-hint"
          />
          <span id="webhook-url-hint" className="text-xs text-slate-500">
            A public address; an internal one is refused unless an administrator allows its host
            (C360_WEBHOOK_ALLOWED_HOSTS).
          </span>
        </label>
        <fieldset className="md:col-span-2">
          <legend>Fields</legend>
          <div className="flex flex-wrap gap-3">
            {exportFields.map((f) => (
              <label key={f} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  name="fields"
                  value={f}
                  defaultChecked={["first_name", "last_name", "email"].includes(f)}
                />
                {f}
              </label>
            ))}
          </div>
        </fieldset>
        <button className="w-fit rounded-md bg-slate-800 px-3 py-1.5 text-white">Create export</button>
      </form>
    </section>
  );
}
