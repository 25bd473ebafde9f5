"use client";
// The interaction timeline across channels, newest first, with channel filters and pages.
import type { ProfileTimeline } from "@c360/core/profiles/list-profile-timeline";
import type { TimelineChannel } from "@c360/core/profiles/profile-schemas";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { Section, timeFormat } from "./section";

const PAGE_SIZE = 20;

function describe(properties: Record<string, unknown>): string {
  return Object.entries(properties)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(
      ([key, value]) =>
        `${key.replace(/_/g, " ")}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`,
    )
    .join(" · ");
}

export function Timeline({ profileId, initial }: { profileId: string; initial: ProfileTimeline }) {
  const trpc = useTRPC();
  const [channels, setChannels] = useState<TimelineChannel[]>([]);
  const [page, setPage] = useState(1);
  const isInitial = channels.length === 0 && page === 1;
  const query = useQuery({
    ...trpc.profiles.timeline.queryOptions({ profileId, channels, page, pageSize: PAGE_SIZE }),
    initialData: isInitial ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const timeline = query.data ?? initial;
  const pages = Math.max(1, Math.ceil(timeline.total / PAGE_SIZE));
  const toggle = (channel: TimelineChannel) => {
    setPage(1);
    setChannels((current) =>
      current.includes(channel) ? current.filter((c) => c !== channel) : [...current, channel],
    );
  };

  return (
    <Section
      id="timeline"
      title="Timeline"
      description="Interactions and events from every source system, newest first; new events appear as they arrive."
    >
      <div role="group" aria-label="Filter by channel" className="mb-3 flex flex-wrap gap-2">
        <button
          type="button"
          aria-pressed={channels.length === 0}
          onClick={() => {
            setChannels([]);
            setPage(1);
          }}
          className={`rounded-full border px-3 py-1 text-sm ${channels.length === 0 ? "border-brand-600 bg-brand-50 text-brand-900" : "border-slate-300"}`}
        >
          All ({initial.channelCounts.reduce((sum, c) => sum + c.count, 0)})
        </button>
        {initial.channelCounts.map(({ channel, count }) => (
          <button
            key={channel}
            type="button"
            aria-pressed={channels.includes(channel as TimelineChannel)}
            onClick={() => toggle(channel as TimelineChannel)}
            className={`rounded-full border px-3 py-1 text-sm capitalize ${channels.includes(channel as TimelineChannel) ? "border-brand-600 bg-brand-50 text-brand-900" : "border-slate-300"}`}
          >
            {channel} ({count})
          </button>
        ))}
      </div>
      {timeline.entries.length === 0 ? (
        <p className="text-sm text-slate-500">
          No interactions{channels.length > 0 ? " in these channels" : ""}.
        </p>
      ) : (
        <ol className="divide-y divide-slate-100 text-sm" aria-busy={query.isFetching}>
          {timeline.entries.map((entry) => (
            <li
              key={entry.id}
              className="grid grid-cols-[10rem_6rem_1fr] gap-3 py-2"
              data-testid="timeline-entry"
            >
              <time dateTime={entry.occurredAt.toISOString()} className="tabular-nums text-slate-600">
                {timeFormat.format(entry.occurredAt)}
              </time>
              <span className="capitalize">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{entry.channel}</span>
              </span>
              <span>
                <span className="font-medium">{entry.type.replace(/[._]/g, " ")}</span>
                {entry.amount !== null && (
                  <span className="ml-2 tabular-nums">
                    {entry.amount.toLocaleString("en-US", {
                      style: "currency",
                      currency: entry.currency ?? "USD",
                    })}
                  </span>
                )}
                <span className="ml-2 text-slate-500">via {entry.sourceName}</span>
                {entry.messageType && (
                  <span
                    className="ml-2 rounded bg-slate-50 px-1 text-xs text-slate-500"
                    title={entry.messageId ?? undefined}
                  >
                    {entry.messageType}
                    {entry.attributedBy ? ` · by ${entry.attributedBy.replace("_", " ")}` : ""}
                    {entry.anonymousId ? ` · anonymousId ${entry.anonymousId}` : ""}
                    {entry.userId ? ` · userId ${entry.userId}` : ""}
                  </span>
                )}
                <span className="block text-xs text-slate-500">{describe(entry.properties)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Timeline pages" className="mt-3 flex items-center gap-3 text-sm">
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
          className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40"
        >
          Newer
        </button>
        <span>
          Page {page} of {pages} · {timeline.total} interaction{timeline.total === 1 ? "" : "s"}
        </span>
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => setPage(page + 1)}
          className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40"
        >
          Older
        </button>
      </nav>
    </Section>
  );
}
