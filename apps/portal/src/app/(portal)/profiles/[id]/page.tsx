import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { ConsentsSection } from "./consents-section";
import { EngagementSection } from "./engagement-section";
import { GoldenAttributes } from "./golden-attributes";
import { LiveUpdates } from "./live-updates";
import { MemberRecords } from "./member-records";
import { PredictionSection } from "./prediction-section";
import { QualityFlags } from "./quality-flags";
import { RelationshipsSection } from "./relationships-section";
import { dateFormat } from "./section";
import { Timeline } from "./timeline";

export const metadata: Metadata = { title: "Profile" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadView(id: string) {
  const api = await getServerApi();
  try {
    return await api.profiles.get({ id });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await checkPageAccess(`/profiles/${id}`);
  if (!UUID.test(id)) notFound();
  const view = await loadView(id.toLowerCase());
  // A merged profile's address shows the profile it was merged into, under that profile's own address.
  if (view.id !== id.toLowerCase()) redirect(`/profiles/${view.id}?from=${view.redirectedFrom ?? id}`);
  if (view.status === "erased") return <ErasedProfile id={view.id} erasedAt={view.updatedAt} />;
  const prediction = await (await getServerApi()).predictions.profile({ profileId: view.id });

  return (
    <article aria-labelledby="profile-name" className="space-y-8">
      <header className="space-y-3">
        <p className="text-sm">
          <a href="/profiles" className="text-brand-700 hover:underline">
            ← Profiles
          </a>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="profile-name" className="text-2xl font-semibold text-slate-900">
            {view.displayName ?? "Unnamed customer"}
          </h1>
          {view.masked && (
            <span
              className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
              data-testid="masked-badge"
            >
              Personal data masked for your role
            </span>
          )}
          {view.openReviewTaskIds.length > 0 && (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
              {view.openReviewTaskIds.length} open review task{view.openReviewTaskIds.length === 1 ? "" : "s"}
            </span>
          )}
          <LiveUpdates profileId={view.id} version={view.version} />
        </div>
        <p className="max-w-4xl text-slate-700" data-testid="profile-summary">
          {view.summary}
        </p>
        <p className="font-mono text-xs text-slate-500">Profile {view.id}</p>
      </header>

      <div className="grid gap-8 lg:grid-cols-2">
        <GoldenAttributes attributes={view.golden} />
        <EngagementSection engagement={view.engagement} segments={view.segments} />
      </div>
      <PredictionSection prediction={prediction} />
      <QualityFlags flags={view.flags} />
      <MemberRecords profileId={view.id} members={view.members} />
      <Timeline profileId={view.id} initial={view.timeline} />
      <div className="grid gap-8 lg:grid-cols-2">
        <RelationshipsSection
          profileId={view.id}
          displayName={view.displayName}
          relationships={view.relationships}
        />
        <ConsentsSection consents={view.consents} />
      </div>
    </article>
  );
}

/** What is left of a customer whose personal data was erased: the id, the date, and why nothing else is shown. */
function ErasedProfile({ id, erasedAt }: { id: string; erasedAt: Date }) {
  return (
    <article aria-labelledby="profile-name" className="space-y-4">
      <p className="text-sm">
        <a href="/profiles" className="text-brand-700 hover:underline">
          ← Profiles
        </a>
      </p>
      <h1 id="profile-name" className="text-2xl font-semibold text-slate-900">
        Erased customer
      </h1>
      <p className="max-w-3xl text-slate-700" data-testid="profile-erased">
        This customer&apos;s personal data was erased on{" "}
        <time dateTime={erasedAt.toISOString()}>{dateFormat.format(erasedAt)}</time> at their request. c360
        keeps only this tombstone, so that merge history and the audit trail stay whole; their source records,
        golden values, timeline and consents are gone, and a suppression entry stops an import from bringing
        them back.
      </p>
      <p className="font-mono text-xs text-slate-500">Profile {id}</p>
    </article>
  );
}
