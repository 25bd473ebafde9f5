"use client";
// Starts a quality run now (quality:write) and reloads the page's figures when it finishes.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export function RunNowButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const run = useMutation(
    trpc.quality.runNow.mutationOptions({
      onSuccess: (result) => {
        setMessage(
          `Run finished: trust score ${result.trustScore === null ? "—" : result.trustScore.toFixed(1)}.`,
        );
        router.refresh();
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  return (
    <div className="flex items-center gap-3">
      <span role="status" aria-live="polite" className="text-sm text-slate-600">
        {run.isPending ? "Measuring…" : message}
      </span>
      <button
        type="button"
        onClick={() => run.mutate()}
        disabled={run.isPending}
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        Run quality checks now
      </button>
    </div>
  );
}
