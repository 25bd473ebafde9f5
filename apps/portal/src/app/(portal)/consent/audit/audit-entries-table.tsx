"use client";
// Audit entries as a table (@tanstack/react-table through the shared DataTable): the admin page's latest entries
// and the governance audit page both render this one.
import { DataTable, type DataColumn } from "@c360/ui/data-table";
import { useState } from "react";

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

export interface AuditEntryRow extends Record<string, unknown> {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  details?: Record<string, unknown>;
}

const baseColumns: DataColumn<AuditEntryRow>[] = [
  {
    id: "at",
    header: "When (UTC)",
    cell: (e) => <span className="whitespace-nowrap tabular-nums">{timeFormat.format(e.at)}</span>,
  },
  { id: "actor", header: "Who", cell: (e) => e.actorLabel },
  { id: "action", header: "Action", cell: (e) => <span className="font-mono text-xs">{e.action}</span> },
  {
    id: "record",
    header: "Record",
    cell: (e) => (
      <span className="break-all font-mono text-xs text-slate-600">
        {e.entityType ? `${e.entityType}:${e.entityId ?? ""}` : "—"}
      </span>
    ),
  },
];

const detailsColumn: DataColumn<AuditEntryRow> = {
  id: "details",
  header: "Details",
  cell: (e) => {
    const text = e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : "";
    return (
      <span className="block max-w-md truncate font-mono text-xs text-slate-600" title={text}>
        {text || "—"}
      </span>
    );
  },
};

export function AuditEntriesTable({
  entries,
  caption,
  withDetails = false,
}: {
  entries: AuditEntryRow[];
  caption: string;
  withDetails?: boolean;
}) {
  const [active, setActive] = useState(-1);
  return (
    <DataTable
      id="audit-entries"
      caption={caption}
      columns={withDetails ? [...baseColumns, detailsColumn] : baseColumns}
      rows={entries}
      rowKey={(e) => String(e.id)}
      activeIndex={active}
      onActiveIndexChange={setActive}
      empty="No audit entry matches."
    />
  );
}
