import { describe, expect, it } from "vitest";
import { IncrementalIndex } from "./incremental";
import { resolveRecords } from "./resolve";
import { generateCustomers } from "./synthetic/generate";

describe("IncrementalIndex", () => {
  const { records, personIds } = generateCustomers({ persons: 1500, seed: 21 });
  // Every tenth record arrives later; the rest are stored and resolved in a batch first.
  const incoming = records.filter((_, i) => i % 10 === 0);
  const stored = records.filter((_, i) => i % 10 !== 0);
  const personOf = new Map(records.map((r, i) => [r.record_id, personIds[i]!]));
  const resolution = resolveRecords(stored, { uSampleSize: 100_000 });
  const index = new IncrementalIndex(resolution.model);
  stored.forEach((record, i) => index.add(record, resolution.clusterIds[i]));

  it("matches most incoming records to a stored record of the same person, and rarely to anyone else", () => {
    const storedPersons = new Set(stored.map((r) => personOf.get(r.record_id)));
    let right = 0;
    let wrong = 0;
    let known = 0;
    for (const record of incoming) {
      const person = personOf.get(record.record_id);
      if (storedPersons.has(person)) known++;
      const best = index.scoreIncoming(record).candidates[0];
      if (best?.decision !== "match") continue;
      if (personOf.get(best.recordId) === person) right++;
      else wrong++;
    }
    expect(known).toBeGreaterThan(100);
    expect(right / known).toBeGreaterThan(0.8);
    expect(wrong / (right + wrong)).toBeLessThan(0.05);
  });

  it("scores exactly as the batch scorer does and leaves the index unchanged unless asked to keep", () => {
    const size = index.size;
    const result = index.scoreIncoming({ ...stored[3]!, record_id: "probe" });
    expect(index.size).toBe(size);
    const self = result.candidates.find((c) => c.recordId === stored[3]!.record_id);
    expect(self?.decision).toBe("match");
    expect(result.matchedClusterId).toBe(resolution.clusterIds[3]);
    const kept = index.scoreIncoming({ ...stored[3]!, record_id: "probe-kept" }, { keep: true });
    expect(index.size).toBe(size + 1);
    expect(kept.matchedClusterId).toBe(resolution.clusterIds[3]);
    const again = index.scoreIncoming({ ...stored[3]!, record_id: "probe-2" });
    expect(again.candidates.map((c) => c.recordId)).toContain("probe-kept");
  });

  it("serves lookups straight from a batch run's store, with the same answers", () => {
    const fromBatch = IncrementalIndex.fromStore(resolution.model, resolution.store, resolution.clusterIds);
    expect(fromBatch.size).toBe(stored.length);
    const built = new IncrementalIndex(resolution.model);
    stored.forEach((record, i) => built.add(record, resolution.clusterIds[i]));
    for (const record of incoming.slice(0, 30)) {
      const viaStore = fromBatch.scoreIncoming(record);
      const viaAdd = built.scoreIncoming(record);
      expect(viaStore.candidates.map((c) => [c.recordId, c.weight.toFixed(9)])).toEqual(
        viaAdd.candidates.map((c) => [c.recordId, c.weight.toFixed(9)]),
      );
      expect(viaStore.matchedClusterId).toBe(viaAdd.matchedClusterId);
    }
  });

  it("scores at most maxCandidates per lookup, the first found in rule order, and still names the matched cluster", () => {
    const capped = IncrementalIndex.fromStore(resolution.model, resolution.store, resolution.clusterIds, {
      maxCandidates: 3,
    });
    const full = IncrementalIndex.fromStore(resolution.model, resolution.store, resolution.clusterIds);
    let cut = 0;
    for (const record of incoming.slice(0, 60)) {
      const few = capped.scoreIncoming(record);
      const all = full.scoreIncoming(record);
      expect(few.candidates.length).toBeLessThanOrEqual(3);
      if (all.candidates.length > 3) cut++;
      const allIds = new Set(all.candidates.map((c) => c.recordId));
      for (const c of few.candidates) expect(allIds.has(c.recordId)).toBe(true);
    }
    expect(cut).toBeGreaterThan(0);
    const probe = { ...stored[3]!, record_id: "probe-limit" };
    const limited = full.scoreIncoming(probe, { limit: 1 });
    expect(limited.candidates).toHaveLength(1);
    expect(limited.matchedClusterId).toBe(full.scoreIncoming(probe).matchedClusterId);
  });
});
