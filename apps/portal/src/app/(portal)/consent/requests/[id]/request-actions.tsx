"use client";
// What the handler does next, in order: ask for and record identity verification, link the profile if needed,
// fulfil (or reject with a reason), retry an erasure that stopped, download the export. The server enforces the order.
import { RECTIFIABLE_FIELDS } from "@c360/core/privacy/rectifiable-fields";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { downloadText } from "~/components/glossary/download";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

interface RequestRef {
  id: string;
  kind: "access" | "erasure" | "rectification" | "portability";
  status: "received" | "verifying" | "in_progress" | "completed" | "rejected";
  verified: boolean;
  hasExport: boolean;
  canDownloadCsv: boolean;
}

const methods = [
  ["signed_in_account", "Signed in to their account"],
  ["email_confirmation", "Confirmed from their email address"],
  ["identity_document", "Identity document checked"],
  ["knowledge_based", "Answered questions only they could"],
  ["authorised_agent", "Authorised agent with proof"],
  ["other", "Other (say how in the note)"],
] as const;

const rectifiable = RECTIFIABLE_FIELDS;

const field = "mt-1 rounded-md border border-slate-300 px-3 py-2";
const button = "rounded-md px-3 py-2 text-white disabled:opacity-50";

export function RequestActions({
  request,
  lastStepFailed,
}: {
  request: RequestRef;
  lastStepFailed: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const onError = (error: { message: string }) => {
    setMessage({ kind: "error", text: error.message });
    router.refresh();
  };
  const done = (text: string) => () => {
    setMessage({ kind: "ok", text });
    router.refresh();
  };
  const start = useMutation(
    trpc.privacy.startVerification.mutationOptions({
      onSuccess: done("Waiting for proof of identity."),
      onError,
    }),
  );
  const verify = useMutation(
    trpc.privacy.verifyIdentity.mutationOptions({ onSuccess: done("Identity verified."), onError }),
  );
  const link = useMutation(
    trpc.privacy.linkProfile.mutationOptions({ onSuccess: done("Profile linked."), onError }),
  );
  const reject = useMutation(
    trpc.privacy.rejectRequest.mutationOptions({ onSuccess: done("Request rejected."), onError }),
  );
  const fulfil = useMutation(
    trpc.privacy.fulfilRequest.mutationOptions({
      onSuccess: (r) => done(r.noDataHeld ? "Completed: no data held about this subject." : "Completed.")(),
      onError,
    }),
  );
  const retry = useMutation(
    trpc.privacy.retryErasure.mutationOptions({ onSuccess: done("Erasure completed."), onError }),
  );
  const download = useMutation(
    trpc.privacy.downloadExport.mutationOptions({
      onSuccess: (file) => downloadText(file.fileName, file.content, file.contentType),
      onError,
    }),
  );
  const open = request.status !== "completed" && request.status !== "rejected";
  const busy = [start, verify, link, reject, fulfil, retry].some((m) => m.isPending);

  const form = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return new FormData(event.currentTarget);
  };

  return (
    <aside
      aria-labelledby="actions-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="actions-heading" className="text-lg font-medium">
        Actions
      </h2>
      <FeedbackLine feedback={message} />
      {request.status === "received" && (
        <button
          disabled={busy}
          onClick={() => start.mutate({ requestId: request.id })}
          className={`${button} bg-slate-700`}
        >
          Ask for proof of identity
        </button>
      )}
      {(request.status === "received" || request.status === "verifying") && (
        <form
          aria-label="Verify identity"
          className="space-y-2"
          onSubmit={(e) => {
            const data = form(e);
            verify.mutate({
              requestId: request.id,
              method: String(data.get("method")) as "other",
              note: String(data.get("note") ?? "") || undefined,
            });
          }}
        >
          <label className="flex flex-col">
            How identity was verified
            <select name="method" required defaultValue="" className={field}>
              <option value="" disabled>
                Choose…
              </option>
              {methods.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            What was checked
            <input name="note" placeholder="not the document number itself" className={field} />
          </label>
          <button disabled={busy} className={`${button} bg-green-700`}>
            Record verification
          </button>
        </form>
      )}
      {open && (
        <form
          aria-label="Link a profile"
          className="space-y-2"
          onSubmit={(e) => {
            const data = form(e);
            link.mutate({ requestId: request.id, profileId: String(data.get("profileId") ?? "").trim() });
          }}
        >
          <label className="flex flex-col">
            Profile id (when the lookup found none or several)
            <input name="profileId" className={`${field} font-mono text-xs`} />
          </label>
          <button disabled={busy} className={`${button} bg-slate-700`}>
            Link profile
          </button>
        </form>
      )}
      {request.status === "in_progress" && request.kind !== "rectification" && (
        <button
          disabled={busy}
          onClick={() => {
            if (
              request.kind === "erasure" &&
              !window.confirm("Erase everything held about this subject? This cannot be undone.")
            )
              return;
            fulfil.mutate({ requestId: request.id });
          }}
          className={`${button} ${request.kind === "erasure" ? "bg-red-700" : "bg-brand-700"}`}
        >
          {request.kind === "erasure"
            ? "Erase the subject's data"
            : request.kind === "access"
              ? "Build the access export"
              : "Build the portability export"}
        </button>
      )}
      {request.status === "in_progress" && request.kind === "rectification" && (
        <form
          aria-label="Rectify"
          className="space-y-2"
          onSubmit={(e) => {
            const data = form(e);
            fulfil.mutate({
              requestId: request.id,
              changes: [
                { field: String(data.get("field")) as "email", value: String(data.get("value") ?? "") },
              ],
            });
          }}
        >
          <label className="flex flex-col">
            Field to correct
            <select name="field" required className={field}>
              {rectifiable.map((f) => (
                <option key={f} value={f}>
                  {f.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            Corrected value
            <input name="value" required className={field} />
          </label>
          <button disabled={busy} className={`${button} bg-brand-700`}>
            Rectify and re-derive the profile
          </button>
        </form>
      )}
      {request.kind === "erasure" && request.status === "in_progress" && lastStepFailed && (
        <button
          disabled={busy}
          onClick={() => retry.mutate({ requestId: request.id })}
          className={`${button} bg-amber-700`}
        >
          Retry the erasure
        </button>
      )}
      {request.hasExport && (
        <div className="flex flex-wrap gap-2">
          <button
            onClick={() => download.mutate({ requestId: request.id, format: "json" })}
            className="rounded-md border border-slate-300 px-3 py-2"
          >
            Download JSON
          </button>
          {request.canDownloadCsv && (
            <button
              onClick={() => download.mutate({ requestId: request.id, format: "csv" })}
              className="rounded-md border border-slate-300 px-3 py-2"
            >
              Download CSV
            </button>
          )}
        </div>
      )}
      {open && (
        <form
          aria-label="Reject the request"
          className="space-y-2 border-t border-slate-100 pt-4"
          onSubmit={(e) => {
            const data = form(e);
            reject.mutate({ requestId: request.id, reason: String(data.get("reason") ?? "") });
          }}
        >
          <label className="flex flex-col">
            Reason for rejecting
            <input name="reason" className={field} />
          </label>
          <button disabled={busy} className={`${button} bg-slate-500`}>
            Reject
          </button>
        </form>
      )}
    </aside>
  );
}
