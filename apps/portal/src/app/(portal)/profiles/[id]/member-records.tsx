// The member source records side by side: one column per record, one row per field, raw value with the
// standardized value beneath where standardization changed it.
import { actorCan } from "@c360/core/actor";
import type { MemberRecordView } from "@c360/core/profiles/get-profile-view";
import { getCurrentActor } from "~/server/session";
import { Section, timeFormat } from "./section";
import { SplitRecordsControl } from "./split-records-control";

// Standardized field names that correspond to a raw canonical column.
const STANDARD_OF: Readonly<Record<string, string>> = {
  first_name: "firstName",
  last_name: "lastName",
  middle_name: "middleName",
  street_number: "streetNumber",
  address_line2: "unit",
  national_id: "nationalId",
  updated_at: "updatedAt",
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export async function MemberRecords({
  profileId,
  members,
}: {
  profileId: string;
  members: MemberRecordView[];
}) {
  const actor = await getCurrentActor();
  // Splitting is offered to stewards (the server refuses everyone else anyway) where there is something to split.
  const canSplit = actor !== null && actorCan(actor, "stewardship:write") && members.length >= 2;
  const fields = [...new Set(members.flatMap((m) => Object.keys(m.raw)))]
    .filter((f) => f !== "record_id")
    .sort();
  return (
    <Section
      id="members"
      title={`Source records (${members.length})`}
      description="Every record resolved into this customer, as each source sent it; the standardized value is shown beneath when it differs."
    >
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Member records side by side</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="px-3 py-2 font-medium text-slate-600">
                Field
              </th>
              {members.map((m) => (
                <th key={m.recordId} scope="col" className="px-3 py-2 align-bottom font-medium">
                  <span className="block text-slate-900">{m.sourceName}</span>
                  <span className="block font-mono text-xs text-slate-500">{m.externalId}</span>
                  <span className="block text-xs font-normal text-slate-500">
                    {m.reason}
                    {m.score !== null ? ` · ${Math.round(m.score * 1000) / 10}%` : ""} · v{m.version}
                  </span>
                  <span className="block text-xs font-normal text-slate-500">
                    joined {timeFormat.format(m.joinedAt)}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-3 py-1.5 font-normal text-slate-600">
                  {field.replace(/_/g, " ")}
                </th>
                {members.map((m) => {
                  const raw = show(m.raw[field]);
                  const standard = show(m.standardized[STANDARD_OF[field] ?? field]);
                  return (
                    <td key={m.recordId} className="px-3 py-1.5">
                      {raw || <span className="text-slate-400">—</span>}
                      {standard && standard !== raw && (
                        <span className="block text-xs text-slate-500">→ {standard}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canSplit && (
        <SplitRecordsControl
          profileId={profileId}
          records={members.map((m) => ({
            recordId: m.recordId,
            sourceName: m.sourceName,
            externalId: m.externalId,
          }))}
        />
      )}
    </Section>
  );
}
