"use client";
// Keeps the open profile current: the server sends an event when the profile changes (a new record arrived,
// a steward merged), and the page re-renders on the server with the new data.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function LiveUpdates({ profileId, version }: { profileId: string; version: number }) {
  const router = useRouter();
  const [state, setState] = useState<"connecting" | "live" | "updated" | "offline">("connecting");
  useEffect(() => {
    const source = new EventSource(`/api/profiles/${profileId}/events`);
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("changed", () => {
      setState("updated");
      router.refresh();
    });
    source.onerror = () => setState("offline");
    return () => source.close();
  }, [profileId, router]);
  return (
    <span role="status" className="text-xs text-slate-500" data-testid="live-status" data-version={version}>
      {state === "live" ? "● Live" : state === "updated" ? "● Updated just now" : state === "offline" ? "○ Not live" : ""}
    </span>
  );
}
