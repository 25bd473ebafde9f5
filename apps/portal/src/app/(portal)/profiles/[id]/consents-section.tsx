// Consent: the current state per purpose and channel, and the ledger of events behind it.
import type { ConsentEventView, ConsentStateView } from "@c360/core/profiles/get-profile-view";
import { dateFormat, Section, timeFormat } from "./section";

const statusStyle: Record<string, string> = {
  given: "bg-emerald-100 text-emerald-900",
  refused: "bg-red-100 text-red-900",
  withdrawn: "bg-red-100 text-red-900",
  expired: "bg-slate-100 text-slate-700",
};

export function ConsentsSection({
  consents,
}: {
  consents: { current: ConsentStateView[]; history: ConsentEventView[] };
}) {
  return (
    <Section id="consents" title="Consent">
      {consents.current.length === 0 ? (
        <p className="text-sm text-slate-600">No consent recorded for this customer.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Current consent per purpose and channel</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Purpose
              </th>
              <th scope="col" className="py-1 font-medium">
                Channel
              </th>
              <th scope="col" className="py-1 font-medium">
                Status
              </th>
              <th scope="col" className="py-1 font-medium">
                Since
              </th>
            </tr>
          </thead>
          <tbody>
            {consents.current.map((c) => (
              <tr key={`${c.purposeKey}-${c.channel}`} className="border-t border-slate-100">
                <td className="py-1">
                  {c.purposeName} <span className="font-mono text-xs text-slate-500">{c.purposeKey}</span>
                </td>
                <td className="py-1">{c.channel || "any"}</td>
                <td className="py-1">
                  <span className={`rounded px-1.5 py-0.5 text-xs ${statusStyle[c.status] ?? ""}`}>
                    {c.status}
                  </span>
                  {c.expiresAt && (
                    <span className="ml-1 text-xs text-slate-500">
                      {c.status === "expired" ? "on" : "until"} {dateFormat.format(c.expiresAt)}
                    </span>
                  )}
                </td>
                <td className="py-1 tabular-nums">{dateFormat.format(c.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {consents.history.length > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-brand-700">
            History ({consents.history.length} events)
          </summary>
          <ol className="mt-2 space-y-1">
            {consents.history.map((e) => (
              <li key={e.id}>
                <time dateTime={e.effectiveAt.toISOString()} className="tabular-nums text-slate-600">
                  {timeFormat.format(e.effectiveAt)}
                </time>{" "}
                {e.purposeName}
                {e.channel ? ` (${e.channel})` : ""}: <strong>{e.status}</strong> by {e.method}
                {e.noticeVersion !== null ? `, notice v${e.noticeVersion}` : ""}
                {e.origin ? `, from ${e.origin}` : ""} — {e.actorLabel}
              </li>
            ))}
          </ol>
        </details>
      )}
    </Section>
  );
}
