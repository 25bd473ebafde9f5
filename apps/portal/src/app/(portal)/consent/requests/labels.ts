// Words for the privacy-request enums, shared by the list, the form and the detail page.
export const kindLabels = {
  access: "Access (Art. 15)",
  erasure: "Erasure (Art. 17)",
  rectification: "Rectification (Art. 16)",
  portability: "Portability (Art. 20)",
} as const;

export const statusLabels = {
  received: "Received",
  verifying: "Verifying identity",
  in_progress: "In progress",
  completed: "Completed",
  rejected: "Rejected",
} as const;

export const deadlineStyles = {
  overdue: "bg-red-100 text-red-800",
  due_soon: "bg-amber-100 text-amber-900",
  on_time: "bg-slate-100 text-slate-700",
  closed: "bg-green-50 text-green-800",
} as const;

export function deadlineText(deadline: keyof typeof deadlineStyles, daysLeft: number): string {
  if (deadline === "closed") return "closed";
  if (deadline === "overdue") return `overdue by ${Math.max(1, -daysLeft)} day${-daysLeft === 1 ? "" : "s"}`;
  return daysLeft === 0 ? "due today" : `${daysLeft} day${daysLeft === 1 ? "" : "s"} left`;
}

/** The subject as one line: what the requester gave, in a fixed order. */
export function subjectText(subject: Record<string, unknown>): string {
  if (subject.erased) return "erased";
  const parts = ["name", "email", "phone", "dob"]
    .map((k) => subject[k])
    .filter((v): v is string => typeof v === "string");
  if (typeof subject.externalId === "string")
    parts.push(`${String(subject.sourceName ?? "")}:${subject.externalId}`);
  return parts.join(" · ") || "—";
}

export const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
export const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});
