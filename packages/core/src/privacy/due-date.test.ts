import { describe, expect, it } from "vitest";
import { addCalendarMonth, deadlineOf } from "./due-date";

const iso = (text: string) => addCalendarMonth(new Date(text)).toISOString();

describe("addCalendarMonth", () => {
  it("keeps the day of month and the time of day", () => {
    expect(iso("2026-03-15T10:20:30.000Z")).toBe("2026-04-15T10:20:30.000Z");
  });
  it("ends on the last day of a shorter month", () => {
    expect(iso("2026-01-31T09:00:00.000Z")).toBe("2026-02-28T09:00:00.000Z");
    expect(iso("2028-01-31T09:00:00.000Z")).toBe("2028-02-29T09:00:00.000Z");
    expect(iso("2026-03-31T00:00:00.000Z")).toBe("2026-04-30T00:00:00.000Z");
    expect(iso("2026-01-29T00:00:00.000Z")).toBe("2026-02-28T00:00:00.000Z");
  });
  it("crosses the year", () => {
    expect(iso("2026-12-31T23:59:59.999Z")).toBe("2027-01-31T23:59:59.999Z");
    expect(iso("2026-12-05T00:00:00.000Z")).toBe("2027-01-05T00:00:00.000Z");
  });
  it("never lands on or before receipt", () => {
    for (let day = 0; day < 800; day++) {
      const from = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
      const due = addCalendarMonth(from);
      expect(due.getTime()).toBeGreaterThan(from.getTime());
      expect(due.getTime() - from.getTime()).toBeLessThanOrEqual(31 * 86_400_000);
      expect(due.getTime() - from.getTime()).toBeGreaterThanOrEqual(28 * 86_400_000);
    }
  });
});

describe("deadlineOf", () => {
  const now = new Date("2026-05-10T12:00:00.000Z");
  it("tells overdue, due soon and on time apart, and closed requests have no deadline", () => {
    expect(deadlineOf({ status: "received", dueAt: new Date("2026-05-10T11:59:59.000Z") }, now)).toBe(
      "overdue",
    );
    expect(deadlineOf({ status: "in_progress", dueAt: new Date("2026-05-16T12:00:00.000Z") }, now)).toBe(
      "due_soon",
    );
    expect(deadlineOf({ status: "verifying", dueAt: new Date("2026-05-18T12:00:00.000Z") }, now)).toBe(
      "on_time",
    );
    expect(deadlineOf({ status: "completed", dueAt: new Date("2026-05-01T12:00:00.000Z") }, now)).toBe(
      "closed",
    );
  });
});
