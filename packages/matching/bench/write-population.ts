// Writes the population generator's data as CSV files: records.csv (all systems, for `c360 match`), one file per
// system (for `c360 import`), truth.csv. Usage: npx tsx bench/write-population.ts --persons 20000 --seed 11 --out DIR
import { parseArgs } from "node:util";
import { generatePopulation } from "../src/population/generate-population";
import { writePopulationCsv } from "../src/population/write-population-csv";

const { values } = parseArgs({
  options: {
    persons: { type: "string", default: "20000" },
    seed: { type: "string", default: "11" },
    out: { type: "string" },
  },
});
const persons = Number(values.persons);
const seed = Number(values.seed);
if (!values.out || !Number.isInteger(persons) || persons < 1 || !Number.isInteger(seed)) {
  console.error("usage: npx tsx bench/write-population.ts --persons N --seed S --out DIRECTORY");
  process.exit(2);
}
const population = generatePopulation({ persons, seed });
const written = await writePopulationCsv(population, values.out);
console.log(
  `${population.records.length} records of ${persons} persons in ${population.households.length} households -> ${written.records}`,
);
console.log(`per system: ${Object.values(written.bySource).join(" ")}`);
console.log(`truth: ${written.truth}`);
