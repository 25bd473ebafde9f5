"use client";
// Keeps the open profile current: the server sends an event when the profile changes (a new record or event
// arrived, a steward merged, an identify moved anonymous events here), and the page re-renders on the server with
// the new data (engagement, churn risk, summary, segments). The timeline's own queries are refetched too, so a
// timeline filtered by channel or paged stays as the user set it and shows the new events.
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * Changes closer together than this are shown together: a shop sending a burst of events costs one re-render per
 * interval, not one per event. The first change of a quiet period is shown at once (decision 0902).
 */
const MIN_REFRESH_INTERVAL_MS = 300;

export function LiveUpdates({ profileId, version }: { profileId: string; version: number }) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<"connecting" | "live" | "updated" | "offline">("connecting");
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const refresh = () => {
      pending.current = null;
      lastRefresh.current = Date.now();
      setState("updated");
      router.refresh();
      // A timeline fetch already under way (a filter just chosen) may have read before this change committed, and a
      // query without data yet would hand that fetch back instead of refetching: cancel it, then refetch.
      const queryKey = trpc.profiles.timeline.queryKey({ profileId });
      void queryClient.cancelQueries({ queryKey }).then(() => queryClient.invalidateQueries({ queryKey }));
    };
    const source = new EventSource(`/api/profiles/${profileId}/events`);
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("changed", () => {
      if (pending.current) return;
      const wait = lastRefresh.current + MIN_REFRESH_INTERVAL_MS - Date.now();
      if (wait <= 0) refresh();
      else pending.current = setTimeout(refresh, wait);
    });
    source.onerror = () => setState("offline");
    return () => {
      source.close();
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [profileId, router, queryClient, trpc]);
  return (
    <span role="status" className="text-xs text-slate-500" data-testid="live-status" data-version={version}>
      {state === "live"
        ? "● Live"
        : state === "updated"
          ? "● Updated just now"
          : state === "offline"
            ? "○ Not live"
            : ""}
    </span>
  );
}
