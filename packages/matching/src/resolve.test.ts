// End-to-end accuracy on small datasets: the engine must keep beating an exact-key rule and clear floors on
// FEBRL1 (when the shared datasets are present beside the repository).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DATASETS_DIR, loadFebrl } from "../bench/datasets";
import { exactKeyBaseline } from "../bench/baseline";
import { pairwiseScore } from "./evaluate";
import { resolveRecords } from "./resolve";
import { generateCustomers } from "./synthetic/generate";

function scoreOf(ids: string[], clusters: string[], truth: Map<string, string>) {
  return pairwiseScore(new Map(ids.map((id, i) => [id, clusters[i]!])), truth);
}

describe("resolveRecords", () => {
  it("deduplicates synthetic multi-source customers far better than exact keys, and the guard helps", () => {
    const { records, personIds } = generateCustomers({ persons: 2000, seed: 12 });
    const truth = new Map(records.map((r, i) => [r.record_id, personIds[i]!]));
    const guarded = resolveRecords(records, { uSampleSize: 200_000 });
    const engine = scoreOf(guarded.store.idList(), guarded.clusterIds, truth);
    const components = resolveRecords(records, { model: guarded.model, guardAgainstChaining: false });
    const baseline = scoreOf(
      records.map((r) => r.record_id),
      exactKeyBaseline(records),
      truth,
    );
    expect(engine.f1).toBeGreaterThan(0.9);
    expect(engine.f1).toBeGreaterThan(baseline.f1 + 0.1);
    expect(engine.precision).toBeGreaterThan(
      scoreOf(components.store.idList(), components.clusterIds, truth).precision,
    );
  });

  it.skipIf(!existsSync(DATASETS_DIR))("clears F1 0.98 on FEBRL1", () => {
    const dataset = loadFebrl("1");
    const resolution = resolveRecords(dataset.records);
    expect(scoreOf(resolution.store.idList(), resolution.clusterIds, dataset.truth).f1).toBeGreaterThan(0.98);
  });
});
