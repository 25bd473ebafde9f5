// What moved between the last two quality runs, for the executive's briefing: the Data Trust Score's change and the
// dimensions that moved, largest first, each with the rules behind it one click away (the dimension drill-down).
import type { TrendPoint } from "./get-quality-dashboard";
import { qualityDimensions, type QualityDimension } from "./quality-fields";

export interface DimensionMove {
  dimension: QualityDimension;
  /** 0-1, the previous run's score (null: not measured then). */
  before: number | null;
  after: number | null;
  /** Percentage points, after minus before (null: not measured in one of the runs). */
  change: number | null;
}

export interface TrustMovement {
  latest: number | null;
  previous: number | null;
  /** Points of the 0-100 score between the two runs. */
  change: number | null;
  /** Dimensions whose score moved by at least `minimumPoints`, largest move first; newly measured ones too. */
  moved: DimensionMove[];
}

/** From a trend (oldest first, as getQualityDashboard returns it). Pure. */
export function trustMovement(trend: readonly TrendPoint[], minimumPoints = 0.1): TrustMovement {
  const last = trend.at(-1);
  const before = trend.length >= 2 ? trend.at(-2)! : null;
  const latest = last?.trustScore ?? null;
  const previous = before?.trustScore ?? null;
  const moved: DimensionMove[] = [];
  if (last && before) {
    for (const dimension of qualityDimensions) {
      const a = before.dimensions[dimension] ?? null;
      const b = last.dimensions[dimension] ?? null;
      if (a === null && b === null) continue;
      const change = a === null || b === null ? null : (b - a) * 100;
      if (change !== null && Math.abs(change) < minimumPoints) continue;
      moved.push({ dimension, before: a, after: b, change });
    }
    moved.sort((x, y) => Math.abs(y.change ?? Infinity) - Math.abs(x.change ?? Infinity));
  }
  return {
    latest,
    previous,
    change: latest === null || previous === null ? null : latest - previous,
    moved,
  };
}
