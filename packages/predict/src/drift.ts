// Has the population moved since the model was trained? Population stability index per feature, against the
// training distribution kept in the model (decile edges and the share of rows between them).

export interface FeatureReference {
  /** Ascending, distinct inner bin edges: bin i holds values in (edges[i-1], edges[i]]. */
  edges: number[];
  /** Share of training rows per bin (edges.length + 1 bins). */
  shares: number[];
}

export type DriftLevel = "stable" | "moderate" | "shifted";

export interface FeatureDrift {
  feature: string;
  psi: number;
  level: DriftLevel;
}

function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Decile edges of one column (values need not be sorted), with repeated edges folded into one. */
export function buildReference(values: ArrayLike<number>): FeatureReference {
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let q = 1; q < 10; q++) {
    if (sorted.length === 0) break;
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / 10))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return { edges, shares: binShares(edges, values) };
}

function binShares(edges: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(edges, values[i]!)]!++;
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

/** PSI = sum (actual - expected) * ln(actual / expected), shares floored at 0.0001 so empty bins stay finite. */
export function computePsi(reference: FeatureReference, values: ArrayLike<number>): number {
  const actual = binShares(reference.edges, values);
  let psi = 0;
  for (let b = 0; b < actual.length; b++) {
    const e = Math.max(1e-4, reference.shares[b] ?? 0);
    const a = Math.max(1e-4, actual[b]!);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** The usual reading of PSI: below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 shifted. */
export function driftLevel(psi: number): DriftLevel {
  return psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate" : "shifted";
}
