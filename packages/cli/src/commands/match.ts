// `c360 match`: the engine alone, no database. One input deduplicates, two link; writes record_id,cluster_id.
import { readCliEnv } from "../env";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import {
  formatModel,
  isCanonicalField,
  loadModel,
  resolveRecords,
  saveModel,
  type CanonicalField,
  type InputRecord,
} from "@c360/matching";
import { writeCsv } from "@c360/core/csv/write-csv";
import { UsageError, type Command, type CommandIO } from "../command";

const USAGE =
  "c360 match --input FILE [--input FILE2] --out clusters.csv [--map column=field ...] [--model model.json] [--save-model model.json] [--one-to-one yes|no]";
/** Longer cells are not names or addresses; such a row is skipped and reported rather than slowing every comparison. */
const MAX_CELL_CHARS = 65_536;

interface MatchArgs {
  inputs: string[];
  out: string;
  map: Map<string, CanonicalField>;
  model: string | null;
  saveModel: string | null;
  /** Linking: each file holds a person once (default), so mutual best candidates left alone are linked. */
  oneToOne: boolean;
}

function parseArgs(args: string[]): MatchArgs {
  const parsed: MatchArgs = {
    inputs: [],
    out: "",
    map: new Map(),
    model: null,
    saveModel: null,
    oneToOne: true,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!["--input", "--out", "--map", "--model", "--save-model", "--one-to-one"].includes(flag))
      throw new UsageError(`unknown option "${flag}"`);
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    i++;
    if (flag === "--one-to-one") {
      if (value !== "yes" && value !== "no")
        throw new UsageError(
          `--one-to-one takes yes or no (does each file hold a person once?), got "${value}"`,
        );
      parsed.oneToOne = value === "yes";
    } else if (flag === "--input") parsed.inputs.push(value);
    else if (flag === "--out") parsed.out = value;
    else if (flag === "--model") parsed.model = value;
    else if (flag === "--save-model") parsed.saveModel = value;
    else {
      const eq = value.indexOf("=");
      const column = value.slice(0, eq).trim();
      const field = value.slice(eq + 1).trim();
      if (eq <= 0 || !column || !field) throw new UsageError(`--map takes column=field, got "${value}"`);
      if (!isCanonicalField(field))
        throw new UsageError(
          `--map ${value}: "${field}" is not a field; fields: record_id, source, first_name, middle_name, last_name, full_name, dob, gender, email, phone, street_number, street, address_line2, city, state, postcode, country, national_id`,
        );
      parsed.map.set(column, field);
    }
  }
  if (parsed.inputs.length === 0) throw new UsageError("--input is required");
  if (parsed.inputs.length > 2)
    throw new UsageError("at most two --input files (one deduplicates, two link)");
  if (!parsed.out) throw new UsageError("--out is required");
  return parsed;
}

/** Text of a file; rows holding bytes that are not UTF-8 are found after parsing (see readRecords). */
function readText(file: string): { text: string; validUtf8: boolean } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (bytes.toString("utf8").trim() === "")
    throw new Error(`${file}: the file is empty; expected a CSV header row and records`);
  let validUtf8 = true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    validUtf8 = false;
  }
  return { text: bytes.toString("utf8").replace(/^\uFEFF/, ""), validUtf8 };
}

/** Reads one CSV into records, mapping columns to fields; problems either fail with file/row/column or skip a reported row. */
function readRecords(file: string, map: Map<string, CanonicalField>, io: CommandIO): InputRecord[] {
  const { text, validUtf8 } = readText(file);
  let rows: string[][];
  try {
    // trim: FEBRL separates fields with ", ". relax_column_count: a short row is padded, not fatal.
    const parsed: unknown = parse(text, {
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    });
    rows = parsed as string[][];
  } catch (error) {
    throw new Error(`${file}: not a readable CSV: ${(error as Error).message}`);
  }
  const header = rows[0];
  if (!header || rows.length < 2) throw new Error(`${file}: no records after the header row`);
  const columnField = header.map((column) => map.get(column) ?? (isCanonicalField(column) ? column : null));
  for (const column of map.keys()) {
    if (!header.includes(column))
      throw new Error(
        `${file}: --map names column "${column}", which the header does not have (columns: ${header.join(", ")})`,
      );
  }
  const idColumn = columnField.indexOf("record_id");
  if (idColumn < 0)
    throw new Error(
      `${file}: no record id column; name one "record_id" or pass --map COLUMN=record_id (columns: ${header.join(", ")})`,
    );
  const records: InputRecord[] = [];
  const rowOfId = new Map<string, number>();
  let skipped = 0;
  const skip = (row: number, reason: string) => {
    skipped++;
    if (skipped <= 20) io.stderr(`${file}: row ${row} skipped: ${reason}`);
  };
  rows: for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNumber = r + 1;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell.length > MAX_CELL_CHARS) {
        skip(
          rowNumber,
          `column "${header[c] ?? c + 1}" holds ${cell.length} characters (more than ${MAX_CELL_CHARS})`,
        );
        continue rows;
      }
      if (!validUtf8 && cell.includes("\uFFFD")) {
        skip(
          rowNumber,
          `column "${header[c] ?? c + 1}" holds bytes that are not UTF-8 (re-export the file as UTF-8)`,
        );
        continue rows;
      }
    }
    const id = cells[idColumn] ?? "";
    if (id === "") {
      skip(rowNumber, `empty record id in column "${header[idColumn]}"`);
      continue;
    }
    const firstRow = rowOfId.get(id);
    if (firstRow !== undefined)
      throw new Error(
        `${file}: record id "${id}" appears on rows ${firstRow} and ${rowNumber}; ids must be unique`,
      );
    rowOfId.set(id, rowNumber);
    const record: InputRecord = { record_id: id };
    columnField.forEach((field, c) => {
      if (field && field !== "record_id" && cells[c] !== undefined && cells[c] !== "")
        record[field] = cells[c];
    });
    records.push(record);
  }
  if (skipped > 20) io.stderr(`${file}: ... ${skipped - 20} more rows skipped`);
  if (skipped > 0) io.stderr(`${file}: ${skipped} row(s) skipped in all`);
  if (records.length === 0) throw new Error(`${file}: every row was skipped; nothing to match`);
  return records;
}

async function runMatch(args: string[], io: CommandIO): Promise<number> {
  const options = parseArgs(args);
  const started = performance.now();
  const linking = options.inputs.length === 2;
  const records: InputRecord[] = [];
  const fileOfId = new Map<string, string>();
  options.inputs.forEach((file, i) => {
    for (const record of readRecords(file, options.map, io)) {
      const other = fileOfId.get(record.record_id);
      if (other !== undefined)
        throw new Error(
          `record id "${record.record_id}" is in both ${other} and ${file}; linking writes ids as they are, so they must differ`,
        );
      fileOfId.set(record.record_id, file);
      // Linking compares across files only: the file is the source.
      records.push(linking ? { ...record, source: `input${i + 1}` } : record);
    }
  });
  const model = options.model ? loadModel(readFileSync(options.model, "utf8")) : undefined;
  const resolution = resolveRecords(records, { linkOnly: linking, model, oneToOne: options.oneToOne });
  for (const warning of resolution.warnings) io.stderr(`warning: ${warning}`);
  const ids = resolution.store.idList();
  const columns = [
    { name: "record_id", kind: "numeric" as const },
    { name: "cluster_id", kind: "numeric" as const },
  ];
  writeFileSync(
    options.out,
    writeCsv(
      columns,
      ids.map((id, i) => [id, resolution.clusterIds[i]]),
      { eol: "\n" },
    ),
  );
  if (options.saveModel) writeFileSync(options.saveModel, saveModel(resolution.model));
  const clusterSizes = new Map<string, number>();
  for (const cluster of resolution.clusterIds)
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
  const multi = [...clusterSizes.values()].filter((n) => n > 1).length;
  io.stdout(
    `${linking ? "linked" : "deduplicated"} ${records.length} records from ${options.inputs.map((f) => path.basename(f)).join(" + ")}: ` +
      `${resolution.candidates.length} candidate pairs, ${clusterSizes.size} clusters (${multi} with more than one record), ` +
      `${resolution.clustering.refusedMerges} merges refused as chaining, ${((performance.now() - started) / 1000).toFixed(1)} s -> ${options.out}`,
  );
  if (readCliEnv().C360_PRINT_MODEL) io.stdout(formatModel(resolution.model));
  return 0;
}

export const matchCommand: Command = {
  name: "match",
  summary: "deduplicate one CSV or link two with the matching engine (no database)",
  usage: USAGE,
  run: runMatch,
};
