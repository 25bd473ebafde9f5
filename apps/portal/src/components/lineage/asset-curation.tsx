"use client";
// Governance leads curate a catalog asset: description, tags and classification. Linked terms and the
// classification they bring are shown beside what the asset carries itself.
import { classificationTags } from "@c360/core/glossary/glossary-schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

export function AssetCuration({ assetId, canWrite }: { assetId: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const asset = useQuery(trpc.catalog.getAsset.queryOptions({ assetId }));
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const curate = useMutation(
    trpc.catalog.curateAsset.mutationOptions({
      onSuccess: () => {
        setMessage({ kind: "ok", text: "Saved." });
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.getAsset.queryKey({ assetId }) });
      },
      onError: (e) => setMessage({ kind: "error", text: e.message }),
    }),
  );
  if (!asset.data) return null;
  const a = asset.data;

  function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    curate.mutate({
      assetId,
      description: String(form.get("description") ?? "").trim() || null,
      tags: String(form.get("tags") ?? "")
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter(Boolean),
      classification: form.getAll("classification").map(String) as (typeof classificationTags)[number][],
    });
  }

  return (
    <div className="mt-4 border-t border-slate-100 pt-3">
      <h3 className="mb-1 font-medium">Catalog</h3>
      <p className="text-slate-700">
        {a.description ?? <span className="text-slate-500">No description yet.</span>}
      </p>
      <p className="mt-1 text-slate-600">
        Classification: {a.effectiveClassification.join(", ") || "—"}
        {a.tags.length > 0 && ` · tags: ${a.tags.join(", ")}`}
      </p>
      <p className="mt-1 text-slate-600">
        Terms:{" "}
        {a.terms.length
          ? a.terms.map((t, i) => (
              <span key={t.id}>
                {i > 0 && ", "}
                <Link href={`/glossary/${t.slug}`} className="text-brand-700 underline">
                  {t.name}
                </Link>
              </span>
            ))
          : "—"}
      </p>
      {canWrite && (
        <details className="mt-2">
          <summary className="cursor-pointer">Curate</summary>
          <form key={a.id} onSubmit={onSave} className="mt-2 grid gap-2">
            <label className="flex flex-col">
              Description
              <textarea
                name="description"
                rows={3}
                defaultValue={a.description ?? ""}
                className="mt-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
            <label className="flex flex-col">
              Tags
              <input
                name="tags"
                defaultValue={a.tags.join(", ")}
                className="mt-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
            <fieldset className="flex flex-wrap gap-2">
              <legend>Own classification</legend>
              {classificationTags.map((tag) => (
                <label key={tag} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    name="classification"
                    value={tag}
                    defaultChecked={a.classification.includes(tag)}
                  />{" "}
                  {tag}
                </label>
              ))}
            </fieldset>
            <button
              disabled={curate.isPending}
              className="justify-self-start rounded-md bg-slate-800 px-3 py-1 text-white disabled:opacity-50"
            >
              Save
            </button>
            <FeedbackLine feedback={message} tone="plain" />
          </form>
        </details>
      )}
    </div>
  );
}
