// The two synthetic generators as benchmark datasets (records + ground truth): the first (../src/synthetic) and the
// population generator written apart from it (../src/population), each at a size and seed.
import { generatePopulation } from "../src/population/generate-population";
import { generateCustomers } from "../src/synthetic/generate";
import type { Dataset } from "./datasets";

export function syntheticDataset(persons: number, seed: number, name = `synthetic_${persons}`): Dataset {
  const { records, personIds } = generateCustomers({ persons, seed });
  return {
    name,
    task: "dedupe",
    records,
    truth: new Map(records.map((r, i) => [r.record_id, personIds[i]!])),
  };
}

export function populationDataset(
  persons: number,
  seed: number,
  name = `population_${persons}_s${seed}`,
): Dataset {
  const { records, personIds } = generatePopulation({ persons, seed });
  return {
    name,
    task: "dedupe",
    records,
    truth: new Map(records.map((r, i) => [r.record_id, personIds[i]!])),
  };
}
