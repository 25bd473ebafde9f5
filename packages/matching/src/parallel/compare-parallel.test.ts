import { describe, expect, it } from "vitest";
import { resolveStore, resolveStoreInParallel } from "../resolve";
import { buildStore } from "../resolve";
import { generateCustomers } from "../synthetic/generate";

describe("resolveStoreInParallel", () => {
  it("gives the same model, candidate patterns and clusters as resolveStore", async () => {
    const { records } = generateCustomers({ persons: 1500, seed: 9 });
    const store = buildStore(records);
    const serial = resolveStore(store, { uSampleSize: 50_000 });
    const parallel = await resolveStoreInParallel(store, { uSampleSize: 50_000 });
    expect(parallel.model.comparisons.map((c) => c.levels)).toEqual(
      serial.model.comparisons.map((c) => c.levels),
    );
    expect(parallel.model.probabilityTwoRandomRecordsMatch).toBe(
      serial.model.probabilityTwoRandomRecordsMatch,
    );
    expect(Array.from(parallel.scored.weight)).toEqual(Array.from(serial.scored.weight));
    expect(parallel.clusterIds).toEqual(serial.clusterIds);
    // With a trained model the worker only computes patterns.
    const again = await resolveStoreInParallel(store, { model: serial.model });
    expect(again.clusterIds).toEqual(serial.clusterIds);
  });
});
