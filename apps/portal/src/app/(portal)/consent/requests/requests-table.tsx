"use client";
// The open requests against their deadlines: overdue and due-soon rows stand out; a row opens its request.
import type { RouterOutputs } from "@c360/api";
import { DataTable, type DataColumn } from "@c360/ui/data-table";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { dateFormat, deadlineStyles, deadlineText, kindLabels, statusLabels, subjectText } from "./labels";

type Request = RouterOutputs["privacy"]["listRequests"]["requests"][number];

const columns: DataColumn<Request>[] = [
  {
    id: "due",
    header: "Due (UTC)",
    cell: (r) => (
      <span className="flex flex-col">
        <span className="tabular-nums">{dateFormat.format(r.dueAt)}</span>
        <span
          data-testid="deadline"
          className={`mt-0.5 w-fit rounded px-1.5 text-xs ${deadlineStyles[r.deadline]}`}
        >
          {deadlineText(r.deadline, r.daysLeft)}
        </span>
      </span>
    ),
  },
  { id: "kind", header: "Request", cell: (r) => kindLabels[r.kind] },
  {
    id: "subject",
    header: "Subject",
    cell: (r) => <span className="break-all">{subjectText(r.subject)}</span>,
  },
  { id: "status", header: "Status", cell: (r) => statusLabels[r.status] },
  {
    id: "received",
    header: "Received",
    cell: (r) => <span className="tabular-nums">{dateFormat.format(r.receivedAt)}</span>,
  },
];

export function RequestsTable({ requests }: { requests: Request[] }) {
  const router = useRouter();
  const [active, setActive] = useState(-1);
  return (
    <DataTable
      id="privacy-requests"
      caption="Privacy requests and their deadlines"
      columns={columns}
      rows={requests}
      rowKey={(r) => r.id}
      activeIndex={active}
      onActiveIndexChange={setActive}
      onRowActivate={(r) => router.push(`/consent/requests/${r.id}`)}
      empty="No request matches."
    />
  );
}
