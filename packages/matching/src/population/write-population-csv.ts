// Writes a generated population as files the command line takes: one CSV of every record (with its source, for
// `c360 match`), one CSV per system (for `c360 import --source NAME`), and the truth (record_id,entity_id, the
// format of shared/tools/score-clusters.mjs) with each record's household beside it.
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { CANONICAL_FIELDS } from "../fields";
import { csvCell } from "../synthetic/csv";
import type { Population, PopulationRecord } from "./generate-population";

const HEADER = [...CANONICAL_FIELDS, "updated_at"] as const;

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, "utf8");
  for (const line of lines)
    if (!out.write(line + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

function* recordLines(records: readonly PopulationRecord[], header: readonly string[]): Generator<string> {
  yield header.join(",");
  for (const record of records)
    yield header
      .map((field) => csvCell(record[field as keyof PopulationRecord] as string | undefined))
      .join(",");
}

export interface WrittenPopulation {
  records: string;
  truth: string;
  bySource: Record<string, string>;
}

export async function writePopulationCsv(
  population: Population,
  directory: string,
): Promise<WrittenPopulation> {
  await mkdir(directory, { recursive: true });
  const written: WrittenPopulation = {
    records: path.join(directory, "records.csv"),
    truth: path.join(directory, "truth.csv"),
    bySource: {},
  };
  await writeLines(written.records, recordLines(population.records, HEADER));
  const sources = [...new Set(population.records.map((r) => r.source))].sort();
  for (const source of sources) {
    const file = path.join(directory, `${source}.csv`);
    // A system's own export has no "source" column: the import names the source.
    await writeLines(
      file,
      recordLines(
        population.records.filter((r) => r.source === source),
        HEADER.filter((f) => f !== "source"),
      ),
    );
    written.bySource[source] = file;
  }
  await writeLines(
    written.truth,
    (function* () {
      yield "record_id,entity_id,household_id";
      for (let i = 0; i < population.records.length; i++)
        yield `${csvCell(population.records[i]!.record_id)},${population.personIds[i]},${population.householdIds[i]}`;
    })(),
  );
  return written;
}
