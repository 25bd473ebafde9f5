// A source's events: how its messages are read (channel per event name, consent categories -> purposes, whose
// customer ids userId names, the CSV column map, a default currency), the event names it recently sent, what waits
// for its person, and a file upload of events with progress and per-row errors.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { EventSettingsForm } from "./event-settings-form";
import { EventUpload } from "./event-upload";

export const metadata: Metadata = { title: "Source events" };

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export default async function SourceEventsPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  await checkPageAccess(`/admin/sources/${name}/events`);
  const api = await getServerApi();
  let overview;
  try {
    overview = await api.events.source({ name: decodeURIComponent(name) });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
  const source = overview.source;
  return (
    <>
      <PageHeader
        title={`Events of ${source.name}`}
        description="Segment-style messages (identify, track, page, screen, group, alias) sent to this source by REST, the stream or a file. Here: how they are read, and an upload."
      >
        <Link href="/admin/sources" className="text-sm text-brand-700 underline">
          All sources
        </Link>
      </PageHeader>
      <section
        aria-labelledby="figures-heading"
        className="mb-6 rounded-xl border border-slate-200 bg-white p-4 text-sm"
      >
        <h2 id="figures-heading" className="mb-2 font-medium">
          Recently
        </h2>
        <p data-testid="event-figures">
          Last event received{" "}
          {overview.lastReceivedAt ? `${timeFormat.format(overview.lastReceivedAt)} UTC` : "never"} ·{" "}
          {overview.recent.events.toLocaleString("en-US")} of the latest events read,{" "}
          {overview.recent.unattributed.toLocaleString("en-US")} of them waiting ·{" "}
          <Link
            href={`/quality/unattributed-events?source=${encodeURIComponent(source.name)}`}
            className="text-brand-700 underline"
          >
            {overview.unattributed > overview.countCap
              ? `${overview.countCap.toLocaleString("en-US")}+`
              : overview.unattributed.toLocaleString("en-US")}{" "}
            unattributed in all
          </Link>
        </p>
        <p className="mt-1 text-slate-600">
          REST: <code>POST /api/v1/sources/{source.name}/events</code> with the source&apos;s token · stream:{" "}
          <code>c360.events.{source.name}</code>
        </p>
      </section>
      <EventSettingsForm overview={overview} />
      <EventUpload sourceName={source.name} />
    </>
  );
}
