import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clusterPairs, mayJoinClusters, sameSourceCannotLinkWeightFor, type ScoredPairs } from "./cluster";

// Three records: 0-1 and 1-2 link strongly, but 0 and 2 are clearly different people (a weak bridge through 1).
const weights = new Map([
  ["0-1", 12],
  ["1-2", 9],
  ["0-2", -25],
  ["3-4", 15],
]);
const scorePair = (a: number, b: number) => weights.get(`${Math.min(a, b)}-${Math.max(a, b)}`) ?? -30;
const pairs: ScoredPairs = {
  a: Int32Array.from([0, 1, 0, 3]),
  b: Int32Array.from([1, 2, 2, 4]),
  weight: Float64Array.from([12, 9, -25, 15]),
  length: 4,
};

describe("clusterPairs", () => {
  it("connected components chain 0 and 2 through 1; the guard refuses that merge", () => {
    const components = clusterPairs(5, pairs, { matchWeight: 3, cannotLinkWeight: -Infinity, scorePair });
    expect(Array.from(components.clusterOf)).toEqual([0, 0, 0, 3, 3]);
    const guarded = clusterPairs(5, pairs, { matchWeight: 3, cannotLinkWeight: -10, scorePair });
    expect(Array.from(guarded.clusterOf)).toEqual([0, 0, 2, 3, 3]);
    expect(guarded.refusedMerges).toBe(1);
  });

  it("applies links strongest first, so the weak bridge is the one refused", () => {
    const reordered: ScoredPairs = {
      a: Int32Array.from([1, 0]),
      b: Int32Array.from([2, 1]),
      weight: Float64Array.from([9, 12]),
      length: 2,
    };
    const guarded = clusterPairs(3, reordered, { matchWeight: 3, cannotLinkWeight: -10, scorePair });
    expect(guarded.clusterOf[0]).toBe(guarded.clusterOf[1]);
    expect(guarded.clusterOf[2]).not.toBe(guarded.clusterOf[1]);
  });

  it("honours the name gate and ignores links below the threshold", () => {
    const gated = clusterPairs(5, pairs, {
      matchWeight: 3,
      cannotLinkWeight: -10,
      scorePair,
      mayLink: (a, b) => !(a === 3 && b === 4),
    });
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
    const linked: ScoredPairs = {
      a: Int32Array.from([0, 1]),
      b: Int32Array.from([1, 2]),
      weight: Float64Array.from([12, 9]),
      length: 2,
    };
    const options = {
      matchWeight: 3,
      cannotLinkWeight: -16,
      scorePair: score,
      sameSourceCannotLinkWeight: 0,
    };
    const several = clusterPairs(3, linked, { ...options, sources: ["crm", "billing", "crm"] });
    expect(Array.from(several.clusterOf)).toEqual([0, 0, 2]);
    expect(several.refusedMerges).toBe(1);
    // Records of different sources, or one source only (deduplicating one system), are not checked.
    expect(
      Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", "billing", "support"] }).clusterOf),
    ).toEqual([0, 0, 0]);
    expect(
      Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", "crm", "crm"] }).clusterOf),
    ).toEqual([0, 0, 0]);
    expect(
      Array.from(clusterPairs(3, linked, { ...options, sources: ["crm", null, null] }).clusterOf),
    ).toEqual([0, 0, 0]);
  });
});

describe("mayJoinClusters (the one rule of batch merges and real-time joins)", () => {
  it("allows a join with no clearly separated cross pair and names the pair that vetoes one", () => {
    expect(mayJoinClusters({ cannotLinkWeight: -10, scorePair }, [0], [1])).toBeNull();
    expect(mayJoinClusters({ cannotLinkWeight: -10, scorePair }, [3], [4])).toBeNull();
    // 2 links to 1, but joining the profile {0, 1} would put it with 0: refused, and the veto says so.
    expect(mayJoinClusters({ cannotLinkWeight: -10, scorePair }, [2], [0, 1])).toEqual({
      reason: "cannot-link",
      a: 2,
      b: 0,
      weight: -25,
    });
    expect(mayJoinClusters({ cannotLinkWeight: -Infinity, scorePair }, [2], [0, 1])).toBeNull();
  });

  it("refuses two records of one source that do not link, only when the check is on", () => {
    const sources = ["crm", "billing", "crm"];
    const bridge = (a: number, b: number) => (a + b === 2 ? -2 : 12);
    const guard = {
      cannotLinkWeight: -16,
      scorePair: bridge,
      sources,
      sameSourceCannotLinkWeight: sameSourceCannotLinkWeightFor(sources, 0),
    };
    expect(mayJoinClusters(guard, [2], [0, 1])).toEqual({ reason: "same-source", a: 2, b: 0, weight: -2 });
    // One source only (deduplicating one system): the check is off.
    expect(sameSourceCannotLinkWeightFor(["crm", "crm", null], 0)).toBe(-Infinity);
    expect(mayJoinClusters({ ...guard, sameSourceCannotLinkWeight: -Infinity }, [2], [0, 1])).toBeNull();
  });

  it("refuses a join needing more cross comparisons than the cap, without scoring them", () => {
    let scored = 0;
    const count = () => {
      scored++;
      return 10;
    };
    const guard = { cannotLinkWeight: -16, scorePair: count, maxCrossChecks: 2_500 };
    const crowd = Array.from({ length: 2_501 }, (_, i) => i + 1);
    expect(mayJoinClusters(guard, [0], crowd)).toEqual({ reason: "too-large", crossChecks: 2_501 });
    expect(scored).toBe(0);
    expect(mayJoinClusters(guard, [0], crowd.slice(0, 2_500))).toBeNull();
    expect(scored).toBe(2_500);
  });

  it("no cluster clusterPairs makes holds a pair below the cannot-link weight or two same-source records that do not link", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 14 }), fc.integer(), (n, seed) => {
        // Random symmetric weights and sources: each merge is checked by the guard, so every cluster passes it whole.
        const weightOf = (a: number, b: number) => {
          const [x, y] = a < b ? [a, b] : [b, a];
          let h = Math.imul(x * 31 + y + seed, 0x9e3779b1);
          h ^= h >>> 13;
          return ((h >>> 0) % 60) - 30;
        };
        const sources = Array.from({ length: n }, (_, i) =>
          i % 3 === 0 ? "crm" : i % 3 === 1 ? "billing" : null,
        );
        const a: number[] = [];
        const b: number[] = [];
        const w: number[] = [];
        for (let x = 0; x < n; x++) {
          for (let y = x + 1; y < n; y++) {
            a.push(x);
            b.push(y);
            w.push(weightOf(x, y));
          }
        }
        const scored: ScoredPairs = {
          a: Int32Array.from(a),
          b: Int32Array.from(b),
          weight: Float64Array.from(w),
          length: a.length,
        };
        const options = {
          matchWeight: 3,
          cannotLinkWeight: -16,
          scorePair: weightOf,
          sources,
          sameSourceCannotLinkWeight: 0,
        };
        const { clusterOf } = clusterPairs(n, scored, options);
        const clusters = new Map<number, number[]>();
        clusterOf.forEach((c, i) => clusters.set(c, [...(clusters.get(c) ?? []), i]));
        for (const members of clusters.values()) {
          for (let i = 0; i < members.length; i++) {
            // Each member may join the rest of its cluster: the real-time path would accept the same cluster.
            const rest = members.filter((_, j) => j !== i);
            if (members.length > 2)
              expect(
                mayJoinClusters(
                  { ...options, sameSourceCannotLinkWeight: sameSourceCannotLinkWeightFor(sources, 0) },
                  [members[i]!],
                  rest,
                ),
              ).toBeNull();
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
