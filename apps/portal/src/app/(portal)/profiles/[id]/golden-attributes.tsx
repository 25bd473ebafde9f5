// Golden values, each with its provenance in a popover: the source record, the rule that chose it, when, and
// the competing values it was chosen over; a steward's override is badged with who set it, when and why, and
// stewards get inline controls to override or clear a value.
import { actorCan } from "@c360/core/actor";
import type { GoldenAttributeView } from "@c360/core/profiles/get-profile-view";
import { Popover } from "@c360/ui/popover";
import { getCurrentActor } from "~/server/session";
import { AddGoldenOverride, GoldenOverrideControls } from "./golden-override-controls";
import { Section, timeFormat } from "./section";

function OverrideBadge({ attribute }: { attribute: GoldenAttributeView }) {
  const override = attribute.override!;
  const setAt = new Date(override.setAt);
  return (
    <span className="mt-0.5 block text-xs text-slate-600" data-testid={`override-${attribute.attribute}`}>
      <span className="mr-1 rounded bg-indigo-50 px-1.5 font-medium text-indigo-800">
        {override.origin === "rectification" ? "override (rectification)" : "override"}
      </span>
      by {override.setBy}
      {Number.isNaN(setAt.getTime()) ? null : <>, {timeFormat.format(setAt)} UTC</>}: <q>{override.note}</q>
    </span>
  );
}

function Provenance({ attribute }: { attribute: GoldenAttributeView }) {
  return (
    <span className="block space-y-2" data-testid={`provenance-${attribute.attribute}`}>
      <span className="block font-medium">Where “{attribute.label}” comes from</span>
      {attribute.override && (
        <span className="block">
          Overridden by <strong>{attribute.override.setBy}</strong>: {attribute.override.note}
        </span>
      )}
      <span className="block">
        Source:{" "}
        <strong>{attribute.override ? "data steward" : (attribute.source?.sourceName ?? "unknown")}</strong>
        {attribute.source?.externalId ? (
          <>
            {" "}
            record <code className="text-xs">{attribute.source.externalId}</code>
          </>
        ) : null}
      </span>
      <span className="block">
        Rule: <strong>{attribute.ruleLabel}</strong>
        {attribute.rulesTried.length > 0 && attribute.rule !== "no_conflict" && (
          <span className="text-slate-500">
            {" "}
            (tried in order: {attribute.rulesTried.map((r) => r.replace(/_/g, " ")).join(" → ")})
          </span>
        )}
      </span>
      <span className="block">Decided: {timeFormat.format(attribute.decidedAt)} UTC</span>
      {attribute.candidates.length > 0 && (
        <span className="block">
          <span className="block text-slate-600">Values the sources gave:</span>
          <table className="mt-1 w-full text-xs">
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-0.5 pr-2 font-normal">
                  Value
                </th>
                <th scope="col" className="py-0.5 pr-2 font-normal">
                  Source
                </th>
                <th scope="col" className="py-0.5 pr-2 font-normal">
                  Trust
                </th>
                <th scope="col" className="py-0.5 font-normal">
                  Chosen
                </th>
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

/** True when some source gives another value than the one shown: with an override, a source still to be fixed. */
export async function GoldenAttributes({ attributes }: { attributes: GoldenAttributeView[] }) {
  const actor = await getCurrentActor();
  const canOverride = actor !== null && actorCan(actor, "stewardship:write");
  return (
    <Section
      id="golden"
      title="Golden record"
      description="Hover or select a value to see which record it came from, which rule chose it and what it was chosen over."
    >
      {attributes.length === 0 ? (
        <p className="text-sm text-slate-500">No golden attributes yet.</p>
      ) : (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          {attributes.map((attribute) => (
            <div key={attribute.attribute} className="contents">
              <dt className="capitalize text-slate-600">{attribute.label}</dt>
              <dd>
                {/* The value and its provenance only: its one button is the provenance popover's trigger. */}
                <span data-testid={`golden-${attribute.attribute}`}>
                  <Popover
                    label={`Provenance of ${attribute.label}`}
                    trigger={<span>{attribute.value ?? "—"}</span>}
                  >
                    <Provenance attribute={attribute} />
                  </Popover>
                  {attribute.sourcesDisagree && (
                    <span
                      className="ml-2 rounded bg-amber-50 px-1.5 text-xs text-amber-800"
                      data-testid={`disagree-${attribute.attribute}`}
                    >
                      {attribute.override ? "a source still disagrees" : "sources disagree"}
                    </span>
                  )}
                </span>
                {canOverride && (
                  <GoldenOverrideControls
                    attribute={attribute.attribute}
                    label={attribute.label}
                    value={attribute.value}
                    overridden={attribute.override !== null}
                  />
                )}
                {attribute.override && <OverrideBadge attribute={attribute} />}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {canOverride && <AddGoldenOverride present={attributes.map((a) => a.attribute)} />}
    </Section>
  );
}
