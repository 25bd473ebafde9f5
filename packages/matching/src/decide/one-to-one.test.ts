import { describe, expect, it } from "vitest";
import type { ScoredPairs } from "../cluster";
import { linkMutualBestSingletons } from "./one-to-one";

function pairs(list: [number, number, number][]): ScoredPairs {
  return {
    a: Int32Array.from(list, ([a]) => a),
    b: Int32Array.from(list, ([, b]) => b),
    weight: Float64Array.from(list, ([, , w]) => w),
    length: list.length,
  };
}

describe("linkMutualBestSingletons (linking files that hold a person once)", () => {
  it("links two single records that are each other's best candidate at half or more, and nothing else", () => {
    // 0-1 mutual best (2 bits); 2's best is 0 but 0's is 1; 3-4 mutual best below the floor; 5-6 a cluster already;
    // 7's best is 5 (in a cluster); 8 and 9 tie for 10's best, so 10 has no single best.
    const clusterOf = Int32Array.from([0, 1, 2, 3, 4, 5, 5, 7, 8, 9, 10]);
    const linked = linkMutualBestSingletons(
      pairs([
        [0, 1, 2],
        [0, 2, 1],
        [3, 4, -1],
        [5, 7, 4],
        [8, 10, 3],
        [9, 10, 3],
      ]),
      clusterOf,
      0,
    );
    expect(linked).toBe(1);
    expect([...clusterOf]).toEqual([0, 0, 2, 3, 4, 5, 5, 7, 8, 9, 10]);
  });

  it("links a pair the floor lets through when the floor is lower", () => {
    const clusterOf = Int32Array.from([0, 1]);
    expect(linkMutualBestSingletons(pairs([[0, 1, -1]]), clusterOf, -3)).toBe(1);
    expect([...clusterOf]).toEqual([0, 0]);
  });
});
