import { describe, expect, it } from "vitest";
import { buildReference, computePsi, driftLevel } from "./drift";
import { seededRandom } from "./synthetic";

describe("population stability", () => {
  const random = seededRandom(5);
  const sample = (n: number, shift: number) => Array.from({ length: n }, () => random() * 100 + shift);
  const reference = buildReference(sample(20_000, 0));

  it("keeps decile edges of the training values", () => {
    expect(reference.edges).toHaveLength(9);
    reference.shares.forEach((s) => expect(s).toBeCloseTo(0.1, 1));
  });
  it("reads a sample of the same distribution as stable and a moved one as shifted", () => {
    expect(driftLevel(computePsi(reference, sample(20_000, 0)))).toBe("stable");
    const moved = computePsi(reference, sample(20_000, 40));
    expect(moved).toBeGreaterThan(0.25);
    expect(driftLevel(moved)).toBe("shifted");
  });
  it("folds repeated edges of a mostly constant feature into one bin", () => {
    const zeros = buildReference([...new Array<number>(900).fill(0), ...sample(100, 1)]);
    expect(zeros.edges[0]).toBe(0);
    expect(new Set(zeros.edges).size).toBe(zeros.edges.length);
    expect(computePsi(zeros, [...new Array<number>(900).fill(0), ...sample(100, 1)])).toBeLessThan(0.05);
  });
});
