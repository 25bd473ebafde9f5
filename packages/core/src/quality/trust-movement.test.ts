import { describe, expect, it } from "vitest";
import type { TrendPoint } from "./get-quality-dashboard";
import { trustMovement } from "./trust-movement";

const point = (trustScore: number | null, dimensions: TrendPoint["dimensions"]): TrendPoint => ({
  runId: "r",
  finishedAt: new Date("2026-12-01T00:00:00Z"),
  trustScore,
  dimensions,
  openReviewTasks: null,
  openQualityIssues: null,
});

describe("trustMovement", () => {
  it("reports the score's change and the dimensions that moved, largest first, ignoring noise", () => {
    const movement = trustMovement([
      point(80, { validity: 0.9, completeness: 0.7, uniqueness: 0.95, freshness: 0.5 }),
      point(90, { validity: 0.6, completeness: 0.8, uniqueness: 0.9504, consistency: 0.99 }),
    ]);
    expect(movement).toMatchObject({ latest: 90, previous: 80, change: 10 });
    expect(movement.moved.map((m) => m.dimension)).toEqual([
      // Newly measured or no longer measured: no number to compare, listed first.
      "consistency",
      "freshness",
      "validity",
      "completeness",
    ]);
    expect(movement.moved.find((m) => m.dimension === "validity")!.change).toBeCloseTo(-30);
    expect(movement.moved.find((m) => m.dimension === "completeness")!.change).toBeCloseTo(10);
  });

  it("has nothing to compare with one run or none", () => {
    expect(trustMovement([])).toEqual({ latest: null, previous: null, change: null, moved: [] });
    expect(trustMovement([point(70, { validity: 0.7 })])).toEqual({
      latest: 70,
      previous: null,
      change: null,
      moved: [],
    });
  });
});
