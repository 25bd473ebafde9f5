import { describe, expect, it } from "vitest";
import { assignStableProfileIds } from "./stable-profile-ids";

function ids() {
  let n = 0;
  return () => `new-${++n}`;
}

describe("stable profile ids", () => {
  it("keeps every id when nothing changed", () => {
    const previous = new Map([
      ["a", "P1"],
      ["b", "P1"],
      ["c", "P2"],
    ]);
    const result = assignStableProfileIds([["a", "b"], ["c"]], previous, ids());
    expect(result.profileIds).toEqual(["P1", "P2"]);
    expect(result.retired.size).toBe(0);
  });

  it("keeps the id of a profile that grows, and gives new records' clusters new ids", () => {
    const previous = new Map<string, string | null>([
      ["a", "P1"],
      ["b", "P1"],
      ["c", null],
      ["d", null],
    ]);
    const result = assignStableProfileIds([["a", "b", "c"], ["d"]], previous, ids());
    expect(result.profileIds).toEqual(["P1", "new-1"]);
    expect(result.isNew).toEqual([false, true]);
  });

  it("on a merge keeps the larger profile's id and retires the other into it", () => {
    const previous = new Map([
      ["a", "P1"],
      ["b", "P1"],
      ["c", "P1"],
      ["d", "P2"],
    ]);
    const result = assignStableProfileIds([["d", "a", "b", "c"]], previous, ids());
    expect(result.profileIds).toEqual(["P1"]);
    expect(result.retired).toEqual(new Map([["P2", "P1"]]));
  });

  it("on a split keeps the id in one half only", () => {
    const previous = new Map([
      ["a", "P1"],
      ["b", "P1"],
      ["c", "P1"],
      ["d", "P1"],
    ]);
    const result = assignStableProfileIds(
      [
        ["a", "b"],
        ["c", "d"],
      ],
      previous,
      ids(),
    );
    expect(result.profileIds.filter((id) => id === "P1")).toHaveLength(1);
    expect(result.profileIds).toContain("new-1");
  });

  it("does not let a cluster take the id of a profile it only shares a minority with", () => {
    const previous = new Map<string, string | null>([
      ["a", "P1"],
      ["b", "P1"],
      ["c", "P1"],
      ["d", "P1"],
      ["e", null],
      ["x", "P1"],
    ]);
    // one record of a five-record profile joins a new person: that cluster is not P1
    const result = assignStableProfileIds(
      [
        ["a", "b", "c", "d"],
        ["x", "e", "f", "g"],
      ],
      previous,
      ids(),
    );
    expect(result.profileIds).toEqual(["P1", "new-1"]);
  });
});
