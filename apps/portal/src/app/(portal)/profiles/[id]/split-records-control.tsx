"use client";
// A steward's control on a profile holding more than one person: choose member records and move them, together,
// to a new profile (stewardship.splitProfile), with a required reason; the split can be undone right after.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export interface SplittableRecord {
  recordId: string;
  sourceName: string;
  externalId: string;
}

const buttonClass = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50";
const inputClass = "rounded-md border border-slate-300 px-2 py-1 text-sm";

export function SplitRecordsControl({
  profileId,
  records,
}: {
  profileId: string;
  records: SplittableRecord[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [split, setSplit] = useState<{ eventId: string; newProfileId: string; moved: number } | null>(null);
  const [undone, setUndone] = useState(false);

  const splitProfile = useMutation(
    trpc.stewardship.splitProfile.mutationOptions({
      onSuccess: (result) => {
        setError(null);
        setSplit({ eventId: result.eventId, newProfileId: result.newProfileId, moved: chosen.size });
        setUndone(false);
        setChosen(new Set());
        setReason("");
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const undo = useMutation(
    trpc.stewardship.unmergeEvent.mutationOptions({
      onSuccess: () => {
        setError(null);
        setUndone(true);
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );

  const toggle = (recordId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(recordId)) next.delete(recordId);
      else next.add(recordId);
      return next;
    });
  const leavesOne = chosen.size > 0 && chosen.size < records.length;
  const submit = () => {
    if (chosen.size === 0) return setError("Choose the records that belong to another person.");
    if (!leavesOne)
      return setError("A split must leave at least one record in this profile: choose fewer records.");
    if (reason.trim() === "")
      return setError("Say why these records are another person: the reason is required.");
    splitProfile.mutate({ profileId, recordIds: [...chosen], reason: reason.trim() });
  };

  return (
    <div
      className="mt-4 space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3"
      data-testid="split-records"
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Split records out to a new profile</legend>
          <p className="text-xs text-slate-600">
            Choose the records that are another person; they move together, and the split can be undone.
          </p>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {records.map((r) => (
              <label key={r.recordId} className="flex items-center gap-1.5 text-sm text-slate-800">
                <input
                  type="checkbox"
                  checked={chosen.has(r.recordId)}
                  onChange={() => toggle(r.recordId)}
                  data-testid={`split-choose-${r.recordId}`}
                />
                {r.sourceName} <span className="font-mono text-xs text-slate-500">{r.externalId}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex grow flex-col gap-1 text-sm text-slate-700">
            Reason (required, kept with the split)
            <input
              className={inputClass}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="split-reason"
            />
          </label>
          <button
            type="submit"
            className={`${buttonClass} border border-rose-300 bg-white text-rose-800 hover:bg-rose-50`}
            disabled={splitProfile.isPending || chosen.size === 0}
          >
            Split {chosen.size > 0 ? `${chosen.size} record${chosen.size === 1 ? "" : "s"}` : "records"} out
          </button>
        </div>
      </form>
      {split && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-3 text-sm text-slate-800"
          data-testid="split-outcome"
        >
          {undone ? (
            <span>Split undone: the records are back in this profile.</span>
          ) : (
            <>
              <span>
                {split.moved} record{split.moved === 1 ? "" : "s"} moved to new profile{" "}
                <Link
                  href={`/profiles/${split.newProfileId}`}
                  className="font-mono text-brand-700 hover:underline"
                  data-testid="split-new-profile-link"
                >
                  {split.newProfileId.slice(0, 8)}
                </Link>
                .
              </span>
              <button
                type="button"
                className={`${buttonClass} border border-slate-300 bg-white hover:bg-slate-50`}
                disabled={undo.isPending}
                onClick={() =>
                  undo.mutate({ eventId: split.eventId, reason: "Split undone from the profile page." })
                }
              >
                Undo split
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
