// Writes synthetic records (and their ground truth) as CSV with canonical headers, for `c360 match` and the bench.
import { createWriteStream } from "node:fs";
import { CANONICAL_FIELDS } from "../fields";
import type { SyntheticDataset } from "./generate";

const HEADER = [...CANONICAL_FIELDS, "updated_at"] as const;

export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, "utf8");
  for (const line of lines)
    if (!out.write(line + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** records.csv with canonical headers; truth.csv as record_id,entity_id (the format of shared/tools/score-clusters.mjs). */
export async function writeSyntheticCsv(
  dataset: SyntheticDataset,
  recordsFile: string,
  truthFile?: string,
): Promise<void> {
  await writeLines(
    recordsFile,
    (function* () {
      yield HEADER.join(",");
      for (const record of dataset.records) yield HEADER.map((field) => csvCell(record[field])).join(",");
    })(),
  );
  if (truthFile) {
    await writeLines(
      truthFile,
      (function* () {
        yield "record_id,entity_id";
        for (let i = 0; i < dataset.records.length; i++)
          yield `${csvCell(dataset.records[i]!.record_id)},${dataset.personIds[i]}`;
      })(),
    );
  }
}
