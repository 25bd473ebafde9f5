import { describe, expect, it } from "vitest";
import { clusterPairs, type ScoredPairs } from "./cluster";

// Three records: 0-1 and 1-2 link strongly, but 0 and 2 are clearly different people (a weak bridge through 1).
const weights = new Map([
  ["0-1", 12],
  ["1-2", 9],
  ["0-2", -25],
  ["3-4", 15],
]);
const scorePair = (a: number, b: number) => weights.get(`${Math.min(a, b)}-${Math.max(a, b)}`) ?? -30;
const pairs: ScoredPairs = { a: Int32Array.from([0, 1, 0, 3]), b: Int32Array.from([1, 2, 2, 4]), weight: Float64Array.from([12, 9, -25, 15]), length: 4 };

describe("clusterPairs", () => {
  it("connected components chain 0 and 2 through 1; the guard refuses that merge", () => {
    const components = clusterPairs(5, pairs, { matchWeight: 3, cannotLinkWeight: -Infinity, scorePair });
    expect(Array.from(components.clusterOf)).toEqual([0, 0, 0, 3, 3]);
    const guarded = clusterPairs(5, pairs, { matchWeight: 3, cannotLinkWeight: -10, scorePair });
    expect(Array.from(guarded.clusterOf)).toEqual([0, 0, 2, 3, 3]);
    expect(guarded.refusedMerges).toBe(1);
  });

  it("applies links strongest first, so the weak bridge is the one refused", () => {
    const reordered: ScoredPairs = { a: Int32Array.from([1, 0]), b: Int32Array.from([2, 1]), weight: Float64Array.from([9, 12]), length: 2 };
    const guarded = clusterPairs(3, reordered, { matchWeight: 3, cannotLinkWeight: -10, scorePair });
    expect(guarded.clusterOf[0]).toBe(guarded.clusterOf[1]);
    expect(guarded.clusterOf[2]).not.toBe(guarded.clusterOf[1]);
  });

  it("honours the name gate and ignores links below the threshold", () => {
    const gated = clusterPairs(5, pairs, { matchWeight: 3, cannotLinkWeight: -10, scorePair, mayLink: (a, b) => !(a === 3 && b === 4) });
    expect(gated.clusterOf[4]).toBe(4);
    const strict = clusterPairs(5, pairs, { matchWeight: 13, cannotLinkWeight: -10, scorePair });
    expect(Array.from(strict.clusterOf)).toEqual([0, 1, 2, 3, 3]);
  });

  it("keeps two records of one source apart when only a record of another source links them (data from several sources)", () => {
    // 0 and 2 are both crm records (namesakes); 1 is a billing record resembling both. 0-2 is mildly negative only.
    const bridge = new Map([
      ["0-1", 12],
      ["1-2", 9],
      ["0-2", -4],
    ]);
    const score = (a: number, b: number) => bridge.get(`${Math.min(a, b)}-${Math.max(a, b)}`) ?? -30;
    const linked: ScoredPairs = { a: Int32Array.from([0, 1]), b: Int32Array.from([1, 2]), weight: Float64Array.from([12, 9]), length: 2 };
    const options = { matchWeight: 3, cannotLinkWeight: -16, scorePair: score, sameSourceCannotLinkWeight: 0 };
    const several = clusterPairs(3, linked, { ...options, sources: ["crm", "billing", "crm"] });
    expect(Array.from(several.clusterOf)).toEqual([0, 0, 2]);
    expect(several.refusedMerges).toBe(1);
    // Records of different sources, or one source only (deduplicating one system), are not checked.
    expect(Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", "billing", "support"] }).clusterOf)).toEqual([0, 0, 0]);
    expect(Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", "crm", "crm"] }).clusterOf)).toEqual([0, 0, 0]);
    expect(Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", null, null] }).clusterOf)).toEqual([0, 0, 0]);
  });
});
