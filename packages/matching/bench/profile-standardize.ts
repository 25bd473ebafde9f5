// Profiling aid: standardizes generated records and prints the rate (run under --cpu-prof to see where time goes).
import { standardizeRecord } from "../src/standardize/record";
import { generateCustomers } from "../src/synthetic/generate";

const { records } = generateCustomers({ persons: Number(process.argv[2] ?? 20_000), seed: 5 });
const started = performance.now();
for (const record of records) standardizeRecord(record);
const seconds = (performance.now() - started) / 1000;
console.log(
  `${records.length} records standardized in ${seconds.toFixed(2)} s (${Math.round(records.length / seconds)} records/s)`,
);
