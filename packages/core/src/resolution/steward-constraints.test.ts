import { describe, expect, it } from "vitest";
import { applyStewardDecisions } from "./steward-constraints";

describe("steward decisions in a batch re-run", () => {
  const ids = ["a", "b", "c", "d"];

  it("keeps together what a steward merged, even when the model split it", () => {
    const labels = applyStewardDecisions(
      ids,
      ["a", "b", "c", "c"],
      [{ recordAId: "a", recordBId: "b", isMatch: true }],
    );
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).toBe(labels[3]);
    expect(labels[0]).not.toBe(labels[2]);
  });

  it("keeps apart what a steward separated, even when the model joined it", () => {
    const labels = applyStewardDecisions(
      ids,
      ["a", "a", "a", "d"],
      [{ recordAId: "a", recordBId: "c", isMatch: false }],
    );
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).not.toBe(labels[0]);
  });

  it("changes nothing without decisions", () => {
    expect(applyStewardDecisions(ids, ["a", "a", "c", "d"], [])).toEqual(["a", "a", "c", "d"]);
  });
});
