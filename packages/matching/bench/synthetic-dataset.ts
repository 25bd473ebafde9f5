// The synthetic multi-source generator as a benchmark dataset (records + ground truth).
import { generateCustomers } from "../src/synthetic/generate";
import type { Dataset } from "./datasets";

export function syntheticDataset(persons: number, seed: number): Dataset {
  const { records, personIds } = generateCustomers({ persons, seed });
  return { name: `synthetic_${persons}`, task: "dedupe", records, truth: new Map(records.map((r, i) => [r.record_id, personIds[i]!])) };
}
