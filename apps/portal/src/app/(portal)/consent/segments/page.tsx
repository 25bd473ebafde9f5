// Activation: build segments over golden attributes and interactions, and export them — only ever to people with
// current consent for the export's purpose.
import { canExportContactPoints } from "@c360/core/profiles/mask-pii";
import type { Metadata } from "next";
import { ConsentNav } from "~/components/consent/consent-nav";
import { ExportsPanel } from "~/components/consent/exports-panel";
import { SegmentBuilder } from "~/components/consent/segment-builder";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Segments and exports" };

export default async function SegmentsPage() {
  const access = await checkPageAccess("/consent/segments");
  const api = await getServerApi();
  const [segments, exports, purposes] = await Promise.all([
    api.activation.segments(),
    api.activation.exports(),
    api.consent.purposes(),
  ]);
  const purposeKeys = purposes.map((p) => p.key);
  return (
    <>
      <PageHeader
        title="Segments and exports"
        description="Who to reach, built from golden attributes and interactions; exported only to people who consented to the purpose."
      />
      <ConsentNav current="/consent/segments" />
      <div className="grid gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <SegmentBuilder purposeKeys={purposeKeys} />
          <section
            aria-labelledby="saved-heading"
            className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
          >
            <h2 id="saved-heading" className="mb-2 text-lg font-medium">
              Saved segments
            </h2>
            {segments.length === 0 ? (
              <p className="text-slate-600">No segments yet.</p>
            ) : (
              <ul aria-label="Saved segments" className="divide-y divide-slate-100">
                {segments.map((s) => (
                  <li key={s.id} className="py-2">
                    <strong>{s.name}</strong> <span className="text-slate-600">{s.summary}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <ExportsPanel
          exports={exports}
          segments={segments}
          purposeKeys={purposeKeys}
          piiMasked={!canExportContactPoints(access.actor)}
        />
      </div>
    </>
  );
}
