import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { describeAction, describeCondition } from "@c360/core/triggers/describe-trigger";
import { PageHeader } from "~/components/page-header";
import { StatCard } from "~/components/stat-card";
import { TriggerDeliveries } from "~/components/triggers/trigger-deliveries";
import { TriggerForm } from "~/components/triggers/trigger-form";
import { TriggerLatencyChart } from "~/components/triggers/trigger-latency-chart";
import { TriggerToggle } from "~/components/triggers/trigger-toggle";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Trigger" };

const ms = (value: number | null) => (value === null ? null : `${value.toLocaleString("en-US")} ms`);

export default async function TriggerPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await checkPageAccess(`/triggers/${key}`);
  const api = await getServerApi();
  const trigger = await api.triggers.get({ key }).catch((error: { code?: string }) => {
    if (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST") notFound();
    throw error;
  });
  const purposes = await api.consent.purposes();
  const s = trigger.stats;
  return (
    <>
      <PageHeader
        title={trigger.name}
        description={`${trigger.key} · version ${trigger.version} · ${trigger.enabled ? "on" : "off"} · when ${describeCondition(trigger.definition.condition)}, ${describeAction(trigger.definition.action)} (consent: ${trigger.definition.consent.purpose})`}
      >
        <TriggerToggle triggerKey={trigger.key} enabled={trigger.enabled} />
      </PageHeader>
      <section className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Counts of the last 7 days">
        <StatCard label="Fired" value={s.fired} />
        <StatCard label="Delivered" value={s.delivered} />
        <StatCard label="Skipped: no consent" value={s.skippedNoConsent} />
        <StatCard label="Skipped: capped" value={s.skippedCapped} />
        <StatCard label="Failed" value={s.failed} hint={`${s.dead} dead letters`} />
        <StatCard
          label="Latency p50 / p99"
          value={s.latencyP50Ms === null ? null : `${ms(s.latencyP50Ms)} / ${ms(s.latencyP99Ms)}`}
        />
      </section>
      <section
        aria-labelledby="trigger-days"
        className="mt-8 rounded-xl border border-slate-200 bg-white p-4"
      >
        <h2 id="trigger-days" className="mb-2 text-lg font-medium text-slate-900">
          Last 7 days
        </h2>
        <TriggerLatencyChart days={trigger.days} />
      </section>
      <TriggerDeliveries triggerKey={trigger.key} />
      <details className="mt-8">
        <summary className="cursor-pointer text-lg font-medium text-slate-900">
          Edit (saves a new version)
        </summary>
        <div className="mt-3">
          <TriggerForm
            purposes={purposes.map((p) => ({ key: p.key, name: p.name }))}
            initial={trigger.definition}
          />
        </div>
      </details>
      <section aria-labelledby="trigger-versions" className="mt-8">
        <h2 id="trigger-versions" className="mb-2 text-lg font-medium text-slate-900">
          Versions
        </h2>
        <ul className="text-sm text-slate-700">
          {trigger.versions.map((v) => (
            <li key={v.version}>
              v{v.version} ({v.enabled ? "on" : "off"}) by {v.actorLabel},{" "}
              {v.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
