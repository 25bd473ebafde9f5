import { describe, expect, it } from "vitest";
import { SYNTHETIC_SKUS, synthesizeHistories, synthesizeHistory } from "./synthetic";

const end = Date.UTC(2026, 0, 1);

describe("synthetic customers", () => {
  it("are the same for the same seed and index, and differ between seeds", () => {
    expect(synthesizeHistory(42, end, 1)).toEqual(synthesizeHistory(42, end, 1));
    expect(synthesizeHistory(42, end, 1)).not.toEqual(synthesizeHistory(42, end, 2));
    const part = [...synthesizeHistories({ profiles: 3, end, from: 10 })];
    expect(part.map((h) => h.profileId)).toEqual(["p10", "p11", "p12"]);
    expect(part[1]).toEqual(synthesizeHistory(11, end));
  });

  it("stay within three years before the end, order products of the catalogue, and record consent at sign-up", () => {
    const people = [...synthesizeHistories({ profiles: 2000, end })];
    const events = people.flatMap((h) => h.events);
    expect(events.length / people.length).toBeGreaterThan(5);
    for (const e of events) {
      expect(e.at).toBeLessThanOrEqual(end);
      expect(e.at).toBeGreaterThan(end - 3 * 365 * 86_400_000);
    }
    const orders = events.filter((e) => e.channel === "purchase");
    expect(orders.length).toBeGreaterThan(1000);
    for (const o of orders) {
      expect(o.amount).toBeGreaterThan(0);
      for (const sku of o.skus!) expect(SYNTHETIC_SKUS).toContain(sku);
    }
    for (const h of people) expect(h.consent!.length).toBeGreaterThanOrEqual(1);
    // Every channel the features read is present.
    expect(new Set(events.map((e) => e.channel))).toEqual(new Set(["purchase", "web", "email", "ticket"]));
  });
});
