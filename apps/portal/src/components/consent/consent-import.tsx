"use client";
// Imports consent events from a CSV or JSON-lines file: each row one event; rejected rows come back by number.
import type { RouterOutputs } from "@c360/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";
import { useFeedback } from "~/components/use-feedback";

export function ConsentImport() {
  const trpc = useTRPC();
  const router = useRouter();
  const { feedback, ok, fail } = useFeedback();
  const [summary, setSummary] = useState<RouterOutputs["consent"]["importEvents"] | null>(null);
  const importEvents = useMutation(
    trpc.consent.importEvents.mutationOptions({
      onSuccess: (result) => {
        setSummary(result);
        ok(
          `${result.rows} rows: ${result.recorded} recorded (${result.unattributed} not yet attributed), ${result.duplicates} already recorded, ${result.rejected} rejected.`,
        );
        router.refresh();
      },
      onError: fail,
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0)
      return fail({ message: "Choose a CSV or JSON-lines file first." });
    const format = /\.(json|jsonl|ndjson)$/i.test(file.name) ? "json" : "csv";
    importEvents.mutate({ text: await file.text(), format, fileName: file.name });
  }

  return (
    <section
      aria-labelledby="import-heading"
      className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="import-heading" className="text-lg font-medium">
        Import consent events
      </h2>
      <p className="text-slate-600">
        CSV or JSON lines with columns{" "}
        <code>
          email, phone, profile_id, source, external_id, purpose, channel, status, notice_key, notice_version,
          captured_at, origin
        </code>
        .
      </p>
      <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
        <label className="flex flex-col">
          Consent file
          <input type="file" name="file" accept=".csv,.json,.jsonl,.ndjson" className="mt-1" />
        </label>
        <button
          disabled={importEvents.isPending}
          className="rounded-md bg-slate-800 px-3 py-1.5 text-white disabled:opacity-50"
        >
          {importEvents.isPending ? "Importing…" : "Import"}
        </button>
      </form>
      <FeedbackLine feedback={feedback} />
      {summary && summary.errors.length > 0 && (
        <ul aria-label="Rejected rows" className="max-h-48 overflow-auto text-xs text-red-800">
          {summary.errors.map((e) => (
            <li key={e.row}>
              Row {e.row}: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
