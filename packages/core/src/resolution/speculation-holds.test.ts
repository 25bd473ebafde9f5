import { describe, expect, it } from "vitest";
import type { ResidentIndex } from "./resident-index";
import { speculationHolds } from "./resolve-on-arrival";

describe("speculationHolds: decisions made ahead are used only when nothing changed under them", () => {
  const index = {} as ResidentIndex;
  const rows = [
    { id: "r1", profile_id: null, current_version: 1 },
    { id: "r2", profile_id: "p9", current_version: 3 },
  ];
  const speculation = { index, modelId: "m1", rows: rows.map((row) => ({ ...row, source_name: "crm", standardized: {} })) };
  const quiet = { changed: 0, reload: false };

  it("holds when the index, model, feed and records are as they were", () => {
    expect(speculationHolds(speculation, index, "m1", quiet, rows)).toBe(true);
  });

  it("fails on another index or model, anything in the feed, or a reload", () => {
    expect(speculationHolds(speculation, {} as ResidentIndex, "m1", quiet, rows)).toBe(false);
    expect(speculationHolds(speculation, index, "m2", quiet, rows)).toBe(false);
    expect(speculationHolds(speculation, index, "m1", { changed: 1, reload: false }, rows)).toBe(false);
    expect(speculationHolds(speculation, index, "m1", { changed: 0, reload: true }, rows)).toBe(false);
  });

  it("fails when a record got a profile, a new version, or is gone", () => {
    expect(speculationHolds(speculation, index, "m1", quiet, [{ ...rows[0]!, profile_id: "p1" }, rows[1]!])).toBe(false);
    expect(speculationHolds(speculation, index, "m1", quiet, [rows[0]!, { ...rows[1]!, current_version: 4 }])).toBe(false);
    expect(speculationHolds(speculation, index, "m1", quiet, [rows[1]!])).toBe(false);
  });
});
