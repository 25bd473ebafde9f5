// The wide table: every labelled dataset beside the repository plus both synthetic generators at several seeds,
// with the mean and the worst F1. A change to the engine is judged on all of it ("evaluate wide, tune nowhere").
import {
  loadFake1000,
  loadFebrl,
  loadFebrl4,
  loadHistorical50k,
  loadSenzingTruthSet,
  type Dataset,
} from "./datasets";
import { populationDataset, syntheticDataset } from "./synthetic-dataset";

export const SYNTHETIC_SEEDS = [7, 8, 9];
export const POPULATION_SEEDS = [11, 12, 13];

/** Every dataset of the table, by name, loaded only when asked for. */
export const WIDE_DATASETS: [string, () => Dataset][] = [
  ["febrl1", () => loadFebrl("1")],
  ["febrl2", () => loadFebrl("2")],
  ["febrl3", () => loadFebrl("3")],
  ["febrl4", loadFebrl4],
  ["fake_1000", loadFake1000],
  ["historical_50k", loadHistorical50k],
  ["senzing_persons", () => loadSenzingTruthSet({ personsOnly: true })],
  ...SYNTHETIC_SEEDS.map((seed): [string, () => Dataset] => [
    `synthetic_20000_s${seed}`,
    () => syntheticDataset(20_000, seed, `synthetic_20000_s${seed}`),
  ]),
  ...POPULATION_SEEDS.map((seed): [string, () => Dataset] => [
    `population_20000_s${seed}`,
    () => populationDataset(20_000, seed),
  ]),
];

/** Goals (issue 20 where it names one, the earlier targets otherwise). */
export const TARGETS: Record<string, number> = {
  febrl3: 0.997,
  febrl4: 0.998,
  fake_1000: 0.9,
  historical_50k: 0.8,
  ...Object.fromEntries(SYNTHETIC_SEEDS.map((seed) => [`synthetic_20000_s${seed}`, 0.95])),
  ...Object.fromEntries(POPULATION_SEEDS.map((seed) => [`population_20000_s${seed}`, 0.95])),
};

export interface Summary {
  datasets: number;
  meanF1: number;
  worst: { dataset: string; f1: number };
  /** Mean F1 per family (febrl, splink, senzing, synthetic, population): one family cannot hide another. */
  familyMeans: Record<string, number>;
}

export function familyOf(dataset: string): string {
  if (dataset.startsWith("febrl")) return "febrl";
  if (dataset === "fake_1000" || dataset === "historical_50k") return "splink";
  if (dataset.startsWith("senzing")) return "senzing";
  return dataset.split("_")[0]!;
}

export function summarize(rows: readonly { dataset: string; f1: number }[]): Summary {
  const round = (x: number) => Number(x.toFixed(4));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
  const worst = rows.reduce((w, r) => (r.f1 < w.f1 ? r : w), rows[0] ?? { dataset: "-", f1: NaN });
  const families = new Map<string, number[]>();
  for (const r of rows)
    families.set(familyOf(r.dataset), [...(families.get(familyOf(r.dataset)) ?? []), r.f1]);
  return {
    datasets: rows.length,
    meanF1: round(mean(rows.map((r) => r.f1))),
    worst: { dataset: worst.dataset, f1: worst.f1 },
    familyMeans: Object.fromEntries([...families].map(([family, f1s]) => [family, round(mean(f1s))])),
  };
}
