// Golden values, each with its provenance in a popover: the source record, the rule that chose it, when, and
// the competing values it was chosen over.
import type { GoldenAttributeView } from "@c360/core/profiles/get-profile-view";
import { Popover } from "@c360/ui/popover";
import { Section, timeFormat } from "./section";

function Provenance({ attribute }: { attribute: GoldenAttributeView }) {
  return (
    <span className="block space-y-2" data-testid={`provenance-${attribute.attribute}`}>
      <span className="block font-medium">Where “{attribute.label}” comes from</span>
      <span className="block">
        Source: <strong>{attribute.source?.sourceName ?? "unknown"}</strong>
        {attribute.source?.externalId ? <> record <code className="text-xs">{attribute.source.externalId}</code></> : null}
      </span>
      <span className="block">
        Rule: <strong>{attribute.ruleLabel}</strong>
        {attribute.rulesTried.length > 0 && attribute.rule !== "no_conflict" && (
          <span className="text-slate-500"> (tried in order: {attribute.rulesTried.map((r) => r.replace(/_/g, " ")).join(" → ")})</span>
        )}
      </span>
      <span className="block">Decided: {timeFormat.format(attribute.decidedAt)} UTC</span>
      {attribute.candidates.length > 0 && (
        <span className="block">
          <span className="block text-slate-600">Values the sources gave:</span>
          <table className="mt-1 w-full text-xs">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-0.5 pr-2 font-normal">Value</th>
                <th scope="col" className="py-0.5 pr-2 font-normal">Source</th>
                <th scope="col" className="py-0.5 pr-2 font-normal">Trust</th>
                <th scope="col" className="py-0.5 font-normal">Chosen</th>
              </tr>
            </thead>
            <tbody>
              {attribute.candidates.map((c) => (
                <tr key={c.recordId} className={c.chosen ? "font-semibold" : ""}>
                  <td className="py-0.5 pr-2">{c.value ?? "—"}</td>
                  <td className="py-0.5 pr-2">
                    {c.sourceName ?? "?"} <span className="text-slate-500">{c.externalId}</span>
                  </td>
                  <td className="py-0.5 pr-2 tabular-nums">{c.trust ?? "—"}</td>
                  <td className="py-0.5">{c.chosen ? "✓" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </span>
      )}
    </span>
  );
}

export function GoldenAttributes({ attributes }: { attributes: GoldenAttributeView[] }) {
  return (
    <Section id="golden" title="Golden record" description="Hover or select a value to see which record it came from, which rule chose it and what it was chosen over.">
      {attributes.length === 0 ? (
        <p className="text-sm text-slate-500">No golden attributes yet.</p>
      ) : (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          {attributes.map((attribute) => (
            <div key={attribute.attribute} className="contents">
              <dt className="capitalize text-slate-600">{attribute.label}</dt>
              <dd data-testid={`golden-${attribute.attribute}`}>
                <Popover label={`Provenance of ${attribute.label}`} trigger={<span>{attribute.value ?? "—"}</span>}>
                  <Provenance attribute={attribute} />
                </Popover>
                {attribute.candidates.length > 1 && new Set(attribute.candidates.map((c) => c.value)).size > 1 && (
                  <span className="ml-2 rounded bg-amber-50 px-1.5 text-xs text-amber-800">sources disagree</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
