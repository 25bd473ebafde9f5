"use client";
// What a governance lead can do to a term: submit, approve or reject (not their own change), deprecate, propose a
// change, and link it to catalog fields. The server enforces every rule; the buttons only reflect them.
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

type Term = Pick<RouterOutputs["glossary"]["getTerm"], "id" | "name" | "status" | "content">;

export function TermActions({
  term,
  canWrite,
  isAuthorOfPending,
}: {
  term: Term;
  canWrite: boolean;
  isAuthorOfPending: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [assetQuery, setAssetQuery] = useState("");
  const done = (text: string) => () => {
    setMessage({ kind: "ok", text });
    router.refresh();
  };
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });
  const submit = useMutation(
    trpc.glossary.submitTerm.mutationOptions({ onSuccess: done("Submitted for review."), onError }),
  );
  const decide = useMutation(
    trpc.glossary.decideTerm.mutationOptions({
      onSuccess: (r) =>
        done(r.status === "approved" ? `Approved version ${r.version}.` : `Rejected version ${r.version}.`)(),
      onError,
    }),
  );
  const deprecate = useMutation(
    trpc.glossary.deprecateTerm.mutationOptions({ onSuccess: done("Deprecated."), onError }),
  );
  const propose = useMutation(
    trpc.glossary.proposeChange.mutationOptions({
      onSuccess: (r) => done(`Version ${r.version} proposed.`)(),
      onError,
    }),
  );
  const link = useMutation(trpc.glossary.linkAsset.mutationOptions({ onSuccess: done("Linked."), onError }));
  const assets = useQuery({
    ...trpc.catalog.listAssets.queryOptions({ query: assetQuery, limit: 20 }),
    enabled: canWrite && assetQuery.trim().length >= 2,
  });

  if (!canWrite) {
    return (
      <aside className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-600">
        Governance leads propose, review and link terms. You can read them.
      </aside>
    );
  }

  function onPropose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    propose.mutate({
      termId: term.id,
      changes: {
        definition: String(form.get("definition") ?? ""),
        synonyms: String(form.get("synonyms") ?? "")
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean),
      },
      changeNote: String(form.get("note") ?? "") || undefined,
    });
  }

  return (
    <aside
      aria-labelledby="actions-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="actions-heading" className="text-lg font-medium">
        Actions
      </h2>
      <FeedbackLine feedback={message} />
      <div className="flex flex-wrap gap-2">
        {term.status === "draft" && (
          <button
            onClick={() => submit.mutate({ termId: term.id })}
            className="rounded-md bg-slate-800 px-3 py-2 text-white"
          >
            Submit for review
          </button>
        )}
        {term.status === "in_review" &&
          (isAuthorOfPending ? (
            <p className="text-slate-600">You proposed this version: another governance lead reviews it.</p>
          ) : (
            <>
              <button
                onClick={() => decide.mutate({ termId: term.id, decision: "approved" })}
                className="rounded-md bg-green-700 px-3 py-2 text-white"
              >
                Approve
              </button>
              <button
                onClick={() => decide.mutate({ termId: term.id, decision: "rejected" })}
                className="rounded-md bg-red-700 px-3 py-2 text-white"
              >
                Reject
              </button>
            </>
          ))}
        {term.status === "approved" && (
          <button
            onClick={() => {
              const reason = window.prompt("Why is the term deprecated, and what replaces it?");
              if (reason) deprecate.mutate({ termId: term.id, reason });
            }}
            className="rounded-md border border-red-300 px-3 py-2 text-red-800"
          >
            Deprecate
          </button>
        )}
      </div>
      {(term.status === "draft" || term.status === "approved") && (
        <details>
          <summary className="cursor-pointer font-medium">Propose a change</summary>
          <form onSubmit={onPropose} className="mt-2 grid gap-2">
            <label className="flex flex-col">
              Definition
              <textarea
                name="definition"
                rows={3}
                defaultValue={term.content.definition}
                className="mt-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
            <label className="flex flex-col">
              Synonyms
              <input
                name="synonyms"
                defaultValue={term.content.synonyms.join("; ")}
                className="mt-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
            <label className="flex flex-col">
              Note for the reviewer
              <input name="note" className="mt-1 rounded-md border border-slate-300 px-2 py-1" />
            </label>
            <button className="justify-self-start rounded-md bg-brand-700 px-3 py-2 text-white">
              Propose change
            </button>
          </form>
        </details>
      )}
      {term.status !== "deprecated" && (
        <div>
          <label className="flex flex-col font-medium">
            Link to a catalog field
            <input
              value={assetQuery}
              onChange={(e) => setAssetQuery(e.target.value)}
              placeholder="e.g. golden:email"
              className="mt-1 rounded-md border border-slate-300 px-2 py-1 font-normal"
            />
          </label>
          <ul aria-label="Matching catalog fields" className="mt-2 max-h-60 space-y-1 overflow-y-auto">
            {(assets.data ?? []).map((asset) => (
              <li key={asset.id} className="flex items-center justify-between gap-2">
                <code className="truncate text-xs">{asset.qualifiedName}</code>
                <button
                  onClick={() => link.mutate({ termId: term.id, assetId: asset.id })}
                  className="rounded border border-slate-300 px-2 py-0.5 text-xs"
                  aria-label={`Link ${asset.qualifiedName}`}
                >
                  Link
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </aside>
  );
}
