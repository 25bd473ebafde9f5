// Loaders for the shared entity-resolution datasets (../shared/datasets beside the repository): records in
// canonical fields, plus the ground truth each SOURCE.md describes.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { InputRecord } from "../src/fields";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/**
 * shared/datasets beside the checkout, or beside a folder above it (a git worktree lives deeper than the main
 * checkout); C360_DATASETS_DIR names it outright.
 */
export const DATASETS_DIR = process.env.C360_DATASETS_DIR ?? findSharedDatasets(REPO_ROOT);

function findSharedDatasets(from: string): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "datasets");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(from, "..", "shared", "datasets");
  }
}

export interface Dataset {
  name: string;
  task: "dedupe" | "link";
  records: InputRecord[];
  /** record_id -> true entity id. */
  truth: Map<string, string>;
}

function readCsv(relative: string): Record<string, string>[] {
  const text = readFileSync(path.join(DATASETS_DIR, relative), "utf8");
  // FEBRL separates with ", ": trim drops the space after each comma.
  return parse<Record<string, string>>(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  });
}

function febrlRecord(row: Record<string, string>, source: string): InputRecord {
  return {
    record_id: row.rec_id!,
    source,
    first_name: row.given_name,
    last_name: row.surname,
    street_number: row.street_number,
    street: row.address_1,
    address_line2: row.address_2,
    city: row.suburb,
    postcode: row.postcode,
    state: row.state,
    dob: row.date_of_birth,
    national_id: row.soc_sec_id,
  };
}

const febrlEntity = (id: string) => /^rec-(\d+)/.exec(id)?.[1] ?? id;

export function loadFebrl(which: "1" | "2" | "3"): Dataset {
  const records = readCsv(`febrl/dataset${which}.csv`).map((row) => febrlRecord(row, "febrl"));
  return {
    name: `febrl${which}`,
    task: "dedupe",
    records,
    truth: new Map(records.map((r) => [r.record_id, febrlEntity(r.record_id)])),
  };
}

export function loadFebrl4(): Dataset {
  const records = [
    ...readCsv("febrl/dataset4a.csv").map((row) => febrlRecord(row, "a")),
    ...readCsv("febrl/dataset4b.csv").map((row) => febrlRecord(row, "b")),
  ];
  return {
    name: "febrl4",
    task: "link",
    records,
    truth: new Map(records.map((r) => [r.record_id, febrlEntity(r.record_id)])),
  };
}

export function loadFake1000(): Dataset {
  const rows = readCsv("splink_fake_1000/fake_1000.csv");
  const records: InputRecord[] = rows.map((row) => ({
    record_id: row.unique_id!,
    first_name: row.first_name,
    last_name: row.surname,
    dob: row.dob,
    city: row.city,
    email: row.email,
  }));
  return {
    name: "fake_1000",
    task: "dedupe",
    records,
    truth: new Map(rows.map((r) => [r.unique_id!, r.cluster!])),
  };
}

export function loadHistorical50k(): Dataset {
  const rows = readCsv("splink_historical_50k/historical_figures_with_errors_50k.csv");
  const records: InputRecord[] = rows.map((row) => ({
    record_id: row.unique_id!,
    first_name: row.first_name,
    last_name: row.surname,
    full_name: row.full_name,
    dob: row.dob,
    city: row.birth_place,
    postcode: row.postcode_fake,
    gender: row.gender,
  }));
  return {
    name: "historical_50k",
    task: "dedupe",
    records,
    truth: new Map(rows.map((r) => [r.unique_id!, r.cluster!])),
  };
}

/** Senzing's hand-made truth set; `personsOnly` leaves out its organization records (the engine matches people). */
export function loadSenzingTruthSet(options: { personsOnly?: boolean } = {}): Dataset {
  const records: InputRecord[] = [];
  for (const file of ["customers", "reference", "watchlist"]) {
    for (const row of readCsv(`senzing_truthset_demo/${file}.csv`)) {
      if (options.personsOnly && row.RECORD_TYPE === "ORGANIZATION") continue;
      const line1 = row.ADDR_LINE1 || row.ADDR_FULL || "";
      records.push({
        record_id: `${row.DATA_SOURCE}:${row.RECORD_ID}`,
        source: row.DATA_SOURCE,
        first_name: row.PRIMARY_NAME_FIRST,
        middle_name: row.PRIMARY_NAME_MIDDLE,
        last_name: row.PRIMARY_NAME_LAST,
        full_name: row.PRIMARY_NAME_FULL || row.PRIMARY_NAME_ORG,
        dob: row.DATE_OF_BIRTH,
        gender: row.GENDER,
        email: row.EMAIL_ADDRESS,
        phone: row.PHONE_NUMBER,
        street: line1,
        city: row.ADDR_CITY,
        state: row.ADDR_STATE,
        postcode: row.ADDR_POSTAL_CODE,
        country: row.ADDR_COUNTRY,
        national_id:
          row.SSN_NUMBER || row.NATIONAL_ID_NUMBER || row.PASSPORT_NUMBER || row.DRIVERS_LICENSE_NUMBER,
      });
    }
  }
  const kept = new Set(records.map((r) => r.record_id));
  const truth = new Map(
    readCsv("senzing_truthset_demo/actual_truthset_key.csv")
      .map((r) => [`${r.DATA_SOURCE}:${r.RECORD_ID}`, r.CLUSTER_ID!] as [string, string])
      .filter(([id]) => kept.has(id)),
  );
  return {
    name: options.personsOnly ? "senzing_persons" : "senzing_truthset",
    task: "dedupe",
    records,
    truth,
  };
}
