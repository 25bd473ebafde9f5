import type { Metadata } from "next";
import Link from "next/link";
import { describeAction, describeCondition } from "@c360/core/triggers/describe-trigger";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Triggers" };

const ms = (value: number | null) => (value === null ? "—" : `${value.toLocaleString("en-US")} ms`);

export default async function TriggersPage() {
  await checkPageAccess("/triggers");
  const triggers = await (await getServerApi()).triggers.list();
  return (
    <>
      <PageHeader
        title="Triggers"
        description="Act on events and profile changes as they happen: a condition (an event, an absence, consent given or withdrawn, a merge, a golden value changed), an action (a signed webhook or a NATS publish), the consent purpose it needs and a cap per person. Counts cover the last 7 days; latency is from the change to the receiver's answer."
      >
        <Link
          href="/triggers/new"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          New trigger
        </Link>
      </PageHeader>
      {triggers.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-700">
          No triggers yet. Define one here, or as code with{" "}
          <code>c360 triggers apply --file triggers.json</code>.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Triggers with their counts over the last 7 days</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">Trigger</th>
                <th className="px-3 py-2">Condition</th>
                <th className="px-3 py-2">State</th>
                <th className="px-3 py-2 text-right">Fired</th>
                <th className="px-3 py-2 text-right">Delivered</th>
                <th className="px-3 py-2 text-right">Skipped: no consent</th>
                <th className="px-3 py-2 text-right">Skipped: capped</th>
                <th className="px-3 py-2 text-right">Failed</th>
                <th className="px-3 py-2 text-right">p50</th>
                <th className="px-3 py-2 text-right">p99</th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((t) => (
                <tr key={t.key} className="border-t border-slate-100" data-trigger={t.key}>
                  <td className="px-3 py-2">
                    <Link href={`/triggers/${t.key}`} className="font-medium text-brand-700 hover:underline">
                      {t.name}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {t.key} · v{t.version}
                    </div>
                  </td>
                  <td className="px-3 py-2 text-slate-700">
                    {describeCondition(t.definition.condition)}
                    <div className="text-xs text-slate-500">{describeAction(t.definition.action)}</div>
                  </td>
                  <td className="px-3 py-2">{t.enabled ? "On" : "Off"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.stats.fired}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.stats.delivered}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.stats.skippedNoConsent}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.stats.skippedCapped}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.stats.failed}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{ms(t.stats.latencyP50Ms)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{ms(t.stats.latencyP99Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
