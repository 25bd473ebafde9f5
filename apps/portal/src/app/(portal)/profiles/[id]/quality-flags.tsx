// Data-quality flags of the profile: unreadable values, conflicts between sources, missing and stale data.
import type { QualityFlag } from "@c360/core/profiles/find-quality-flags";
import { Section } from "./section";

const style = {
  error: "border-red-300 bg-red-50",
  warning: "border-amber-300 bg-amber-50",
  info: "border-slate-200 bg-slate-50",
} as const;

export function QualityFlags({ flags }: { flags: QualityFlag[] }) {
  return (
    <Section id="quality" title="Data quality">
      {flags.length === 0 ? (
        <p className="text-sm text-slate-600">No quality issues found in this profile.</p>
      ) : (
        <ul className="grid gap-2 md:grid-cols-2">
          {flags.map((flag) => (
            <li
              key={`${flag.kind}-${flag.attribute}`}
              className={`rounded-lg border px-3 py-2 text-sm ${style[flag.severity]}`}
            >
              <span className="mr-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                {flag.severity} · {flag.kind}
              </span>
              {flag.message}
              {flag.records.length > 0 && (
                <span className="block text-xs text-slate-600">
                  In: {flag.records.map((r) => `${r.sourceName} ${r.externalId}`).join(", ")}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
