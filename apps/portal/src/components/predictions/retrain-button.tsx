"use client";
// Trains the churn model now (administrators) and reloads the versions when it is stored.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export function RetrainButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const train = useMutation(
    trpc.predictions.train.mutationOptions({
      onSuccess: (result) => {
        setMessage(
          `Version ${result.version} trained: AUC ${result.metrics.auc.toFixed(3)}, ${result.profilesScored} profiles scored.`,
        );
        router.refresh();
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  return (
    <div className="flex items-center gap-3">
      <span role="status" aria-live="polite" className="text-sm text-slate-600">
        {train.isPending ? "Training…" : message}
      </span>
      <button
        type="button"
        onClick={() => train.mutate({ horizonDays: 90 })}
        disabled={train.isPending}
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        Retrain now
      </button>
    </div>
  );
}
