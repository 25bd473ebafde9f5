// The latest audit entries: who did what to which record.
const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

interface AuditEntry {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="audit-heading" className="mt-10">
      <h2 id="audit-heading" className="mb-3 text-lg font-medium">
        Recent audit entries
      </h2>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">The 25 most recent audit entries, newest first</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">When (UTC)</th>
              <th scope="col" className="px-4 py-2 font-medium">Who</th>
              <th scope="col" className="px-4 py-2 font-medium">Action</th>
              <th scope="col" className="px-4 py-2 font-medium">Record</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-4 py-2 tabular-nums">{timeFormat.format(entry.at)}</td>
                <td className="px-4 py-2">{entry.actorLabel}</td>
                <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                <td className="px-4 py-2 font-mono text-xs text-slate-600">
                  {entry.entityType ? `${entry.entityType}:${entry.entityId ?? ""}` : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
