// When a data-subject request must be answered: one calendar month from receipt (GDPR Art. 12(3)).

/**
 * The same time of day one calendar month later, in UTC; when the next month is shorter, its last day
 * (Jan 31 -> Feb 28, or Feb 29 in a leap year; Mar 31 -> Apr 30), as the EU reads "one month" (Reg. 1182/71 Art. 3).
 */
export function addCalendarMonth(from: Date): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
}

/** Requests due within this many days are "due soon" on the list. */
export const DUE_SOON_DAYS = 7;

export type Deadline = "overdue" | "due_soon" | "on_time" | "closed";

export function deadlineOf(request: { status: string; dueAt: Date }, now: Date = new Date()): Deadline {
  if (request.status === "completed" || request.status === "rejected") return "closed";
  const left = request.dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  if (left <= DUE_SOON_DAYS * 86_400_000) return "due_soon";
  return "on_time";
}
