"use client";
// Merge or reject the task with a note; after a merge, show the surviving profile and offer to undo it (unmerge).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

interface MergeEventRef {
  id: string;
  survivorId: string;
  undone: boolean;
}

const buttonClass = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50";
const inputClass = "rounded-md border border-slate-300 px-2 py-1";

const ProfileLink = ({ id, testId }: { id: string; testId?: string }) => (
  <Link href={`/profiles/${id}`} className="font-mono text-brand-700 hover:underline" data-testid={testId}>
    {id.slice(0, 8)}
  </Link>
);

export function TaskDecision({
  taskId,
  status,
  profileIds,
  mergeEvent,
}: {
  taskId: string;
  status: string;
  profileIds: string[];
  mergeEvent: MergeEventRef | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [merged, setMerged] = useState<MergeEventRef | null>(mergeEvent);
  const [unmergedProfiles, setUnmergedProfiles] = useState<string[] | null>(
    mergeEvent?.undone ? profileIds : null,
  );
  const [decided, setDecided] = useState<string | null>(status === "open" ? null : status);

  const decide = useMutation(
    trpc.stewardship.decideReviewTask.mutationOptions({
      onSuccess: (result) => {
        setError(null);
        setDecided(result.status);
        if (result.mergeEventId && result.survivorId)
          setMerged({ id: result.mergeEventId, survivorId: result.survivorId, undone: false });
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const unmerge = useMutation(
    trpc.stewardship.unmergeEvent.mutationOptions({
      onSuccess: (result) => {
        setError(null);
        setUnmergedProfiles(result.profileIds);
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );

  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      {!decided && (
        <form className="flex flex-wrap items-end gap-3" onSubmit={(event) => event.preventDefault()}>
          <label className="flex grow flex-col gap-1 text-sm text-slate-700">
            Note (kept with the decision)
            <input className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button
            type="button"
            className={`${buttonClass} bg-brand-600 text-white hover:bg-brand-700`}
            disabled={decide.isPending}
            onClick={() => decide.mutate({ taskId, decision: "merge", note: note.trim() || undefined })}
          >
            Merge
          </button>
          <button
            type="button"
            className={`${buttonClass} border border-slate-300 bg-white hover:bg-slate-50`}
            disabled={decide.isPending}
            onClick={() => decide.mutate({ taskId, decision: "reject", note: note.trim() || undefined })}
          >
            Reject
          </button>
        </form>
      )}

      {decided && (
        <p role="status" className="text-sm text-slate-800" data-testid="task-outcome">
          {decided === "merged"
            ? unmergedProfiles
              ? "Merged, then undone."
              : "Merged."
            : decided === "rejected"
              ? "Rejected: the records stay apart."
              : `Task is ${decided}.`}{" "}
          {merged && !unmergedProfiles && (
            <>
              Surviving profile: <ProfileLink id={merged.survivorId} testId="survivor-link" />
            </>
          )}
        </p>
      )}

      {merged && !unmergedProfiles && (
        <form className="flex flex-wrap items-end gap-3" onSubmit={(event) => event.preventDefault()}>
          <label className="flex grow flex-col gap-1 text-sm text-slate-700">
            Reason for undoing the merge
            <input className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            className={`${buttonClass} border border-rose-300 bg-white text-rose-800 hover:bg-rose-50`}
            disabled={unmerge.isPending || !reason.trim()}
            onClick={() => unmerge.mutate({ eventId: merged.id, reason: reason.trim() })}
          >
            Undo (unmerge)
          </button>
        </form>
      )}

      {unmergedProfiles && (
        <p role="status" className="text-sm text-slate-800" data-testid="unmerge-outcome">
          Unmerged: the profiles are separate again —{" "}
          {unmergedProfiles.map((id, i) => (
            <span key={id}>
              {i > 0 && ", "}
              <ProfileLink id={id} testId="unmerged-profile-link" />
            </span>
          ))}
        </p>
      )}

      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
