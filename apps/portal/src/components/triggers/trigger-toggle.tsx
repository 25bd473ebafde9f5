"use client";
// Switches a trigger on or off (a new version, audited).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/trpc/react";

export function TriggerToggle({ triggerKey, enabled }: { triggerKey: string; enabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toggle = useMutation(trpc.triggers.setEnabled.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <button
      type="button"
      disabled={toggle.isPending}
      onClick={() => toggle.mutate({ key: triggerKey, enabled: !enabled })}
      className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium disabled:opacity-60"
    >
      {enabled ? "Switch off" : "Switch on"}
    </button>
  );
}
