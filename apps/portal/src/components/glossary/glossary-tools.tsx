"use client";
// Propose a new term, import terms from CSV (reported row by row) and export them. The server checks glossary:write.
import { classificationTags } from "@c360/core/glossary/glossary-schemas";
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { downloadText } from "./download";

type ImportResult = RouterOutputs["glossary"]["importCsv"];
const list = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/[;,]/)
    .map((v) => v.trim())
    .filter(Boolean);

export function GlossaryTools({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });
  const create = useMutation(
    trpc.glossary.createTerm.mutationOptions({
      onSuccess: (term) => router.push(`/glossary/${term.slug}`),
      onError,
    }),
  );
  const importCsv = useMutation(
    trpc.glossary.importCsv.mutationOptions({
      onSuccess: (result) => {
        setImportResult(result);
        setMessage({
          kind: result.errors.length ? "error" : "ok",
          text: `Imported ${result.imported.length} term(s); ${result.errors.length} row(s) refused.`,
        });
        router.refresh();
      },
      onError,
    }),
  );

  async function onExport() {
    try {
      const csv = await queryClient.fetchQuery(
        trpc.glossary.exportCsv.queryOptions(undefined, { staleTime: 0 }),
      );
      downloadText("glossary-terms.csv", csv);
    } catch (error) {
      onError(error as Error);
    }
  }

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name")),
      definition: String(form.get("definition") ?? ""),
      synonyms: list(form.get("synonyms")),
      domain: String(form.get("domain") ?? "").trim() || null,
      classification: form.getAll("classification").map(String) as (typeof classificationTags)[number][],
      submit: form.get("submit") === "on",
    });
  }

  async function onImport(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0)
      return setMessage({ kind: "error", text: "Choose a CSV file to import." });
    importCsv.mutate({ csv: await file.text() });
  }

  return (
    <div className="mt-8 grid gap-6 lg:grid-cols-2">
      <div aria-live="polite" className="lg:col-span-2">
        {message && (
          <p
            role={message.kind === "error" ? "alert" : "status"}
            className={`rounded-md px-3 py-2 text-sm ${message.kind === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
          >
            {message.text}
          </p>
        )}
        {importResult && (importResult.errors.length > 0 || importResult.notes.length > 0) && (
          <ul aria-label="Import report" className="mt-2 space-y-1 text-sm">
            {importResult.errors.map((e) => (
              <li key={`e${e.row}`} className="text-red-800">
                Row {e.row}: {e.reason}
              </li>
            ))}
            {importResult.notes.map((n) => (
              <li key={`n${n.row}`} className="text-slate-600">
                Row {n.row}: {n.note}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canWrite && (
        <section
          aria-labelledby="propose-heading"
          className="rounded-xl border border-slate-200 bg-white p-4"
        >
          <h2 id="propose-heading" className="mb-3 text-lg font-medium">
            Propose a term
          </h2>
          <form onSubmit={onCreate} className="grid gap-3 text-sm">
            <label className="flex flex-col">
              Name
              <input name="name" required className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
            </label>
            <label className="flex flex-col">
              Definition
              <textarea
                name="definition"
                rows={3}
                className="mt-1 rounded-md border border-slate-300 px-3 py-2"
              />
            </label>
            <label className="flex flex-col">
              Synonyms (separated by ; or ,)
              <input name="synonyms" className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
            </label>
            <label className="flex flex-col">
              Domain
              <input name="domain" className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
            </label>
            <fieldset className="flex flex-wrap gap-3">
              <legend className="mb-1">Classification</legend>
              {classificationTags.map((tag) => (
                <label key={tag} className="flex items-center gap-1">
                  <input type="checkbox" name="classification" value={tag} /> {tag}
                </label>
              ))}
            </fieldset>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="submit" defaultChecked /> Submit for review now
            </label>
            <button
              disabled={create.isPending}
              className="justify-self-start rounded-md bg-brand-700 px-4 py-2 text-white disabled:opacity-50"
            >
              Propose term
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="csv-heading" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="csv-heading" className="mb-3 text-lg font-medium">
          CSV
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Columns: name, definition, synonyms, domain, parent, owner, reviewers, classification, related,
          status (lists separated by ;). Imported terms land as drafts or in review: a second governance lead
          approves them.
        </p>
        <button
          type="button"
          onClick={onExport}
          className="rounded-md border border-slate-300 px-4 py-2 text-sm"
        >
          Export terms as CSV
        </button>
        {canWrite && (
          <form onSubmit={onImport} className="mt-4 flex flex-wrap items-center gap-2 text-sm">
            <label>
              <span className="sr-only">CSV file</span>
              <input type="file" name="file" accept=".csv,text/csv" />
            </label>
            <button
              disabled={importCsv.isPending}
              className="rounded-md bg-slate-800 px-4 py-2 text-white disabled:opacity-50"
            >
              Import CSV
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
