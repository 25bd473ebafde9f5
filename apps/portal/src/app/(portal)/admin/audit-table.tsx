// The latest audit entries: who did what to which record. The full, searchable log is at /consent/audit.
import Link from "next/link";
import { AuditEntriesTable, type AuditEntryRow } from "../consent/audit/audit-entries-table";

export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  return (
    <section aria-labelledby="audit-heading" className="mt-10">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="audit-heading" className="text-lg font-medium">
          Recent audit entries
        </h2>
        <Link href="/consent/audit" className="text-sm text-brand-700 underline">
          Search and export the whole audit log
        </Link>
      </div>
      <AuditEntriesTable entries={entries} caption="The 25 most recent audit entries, newest first" />
    </section>
  );
}
