// The two records of a pair side by side, with the values the engine compared (from the explanation's terms).
import Link from "next/link";
import type { PairExplanation, ReviewTaskRecord } from "@c360/core/stewardship/get-review-task";

const agreementClass = (level: string) =>
  /exact|agree/i.test(level)
    ? "bg-emerald-50"
    : /else|disagree|different/i.test(level)
      ? "bg-rose-50"
      : /null|missing/i.test(level)
        ? ""
        : "bg-amber-50";

export function CompareRecords({
  explanation,
  records,
  profileIds,
}: {
  explanation: PairExplanation | null;
  records: ReviewTaskRecord[];
  profileIds: string[];
}) {
  const recordA = explanation?.recordA ?? records[0]?.id;
  const recordB = explanation?.recordB ?? records[1]?.id;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="compare-records">
          <caption className="sr-only">Compared values of the two records</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Attribute
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Record A <span className="font-mono text-xs">{recordA?.slice(0, 8)}</span>
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Record B <span className="font-mono text-xs">{recordB?.slice(0, 8)}</span>
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Comparison level
              </th>
            </tr>
          </thead>
          <tbody>
            {(explanation?.terms ?? []).map((term) => (
              <tr key={term.comparison} className={`border-t border-slate-100 ${agreementClass(term.level)}`}>
                <th scope="row" className="px-4 py-2 font-medium">
                  {term.comparison}
                </th>
                <td className="px-4 py-2">{term.valueA ?? <span className="text-slate-400">—</span>}</td>
                <td className="px-4 py-2">{term.valueB ?? <span className="text-slate-400">—</span>}</td>
                <td className="px-4 py-2 text-slate-600">{term.level}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul
        className="space-y-1 text-sm text-slate-700"
        data-testid="task-records"
        aria-label="Records of the task"
      >
        {records.map((record) => (
          <li key={record.id}>
            <span className="font-mono text-xs">{record.id.slice(0, 8)}</span>{" "}
            {record.status === "missing" ? (
              <span className="text-slate-500">no longer stored</span>
            ) : (
              <>
                {record.sourceName} <span className="font-mono text-xs">{record.externalId}</span>
                {record.status === "erased" && <span className="text-slate-500"> (erased)</span>}
                {" · now in "}
                {record.profileId ? (
                  <Link
                    href={`/profiles/${record.profileId}`}
                    className="font-mono text-brand-700 hover:underline"
                  >
                    {record.profileId.slice(0, 8)}
                  </Link>
                ) : (
                  <span className="text-slate-500">no profile</span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-700">
        Profiles when the task was raised:{" "}
        {profileIds.map((profileId, i) => (
          <span key={profileId}>
            {i > 0 && ", "}
            <Link
              href={`/profiles/${profileId}`}
              className="font-mono text-brand-700 hover:underline"
              data-testid="task-profile-link"
            >
              {profileId.slice(0, 8)}
            </Link>
          </span>
        ))}
      </p>
    </div>
  );
}
