// Every CSV file c360 hands out is written here: RFC 4180 quoting by csv-stringify, and one formula guard so a
// cell a spreadsheet would run (=, +, -, @, a tab or carriage return first, also after leading spaces) is
// written as text. Whether a value may stay unguarded depends on its column:
//
// - "text" (the default): every value is guarded; a name, an id, a definition is never a number to a spreadsheet.
// - "numeric": amounts, counts, phone numbers. A value made only of digits, spaces and + - . ( ) stays as it is,
//   so -2.5 and +44 20 7946 0958 remain usable; such a value can compute arithmetic at most, never call a
//   function or another program. Anything else in the column (letters, |, !, quotes) is guarded like text.
//
// A JavaScript number is never guarded; a Date is written as ISO 8601; an object as JSON (then guarded as text).
import { stringify } from "csv-stringify/sync";

export type CsvColumnKind = "text" | "numeric";
export interface CsvColumn {
  name: string;
  kind?: CsvColumnKind;
}

const FORMULA_START = /^[\t\r]|^\s*[=+\-@]/;
const NUMERIC_ONLY = /^\s*[+-]?[\d\s().-]*\d[\d\s().-]*$/;

/** Whether a spreadsheet would read the text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** One cell's text before quoting: guarded when a spreadsheet would run it (see the column kinds above). */
export function csvCellText(value: unknown, kind: CsvColumnKind = "text"): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  if (!looksLikeFormula(text)) return text;
  if (kind === "numeric" && NUMERIC_ONLY.test(text)) return text;
  return `'${text}`;
}

export interface WriteCsvOptions {
  /** Write the header row (default true). */
  header?: boolean;
  /** Line ending (default CRLF, as RFC 4180 and spreadsheets expect). */
  eol?: "\r\n" | "\n";
}

/** The CSV text of `rows` (one array of values per row, in column order). */
export function writeCsv(
  columns: readonly (string | CsvColumn)[],
  rows: Iterable<readonly unknown[]>,
  options: WriteCsvOptions = {},
): string {
  const specs = columns.map((c) =>
    typeof c === "string" ? { name: c, kind: "text" as const } : { name: c.name, kind: c.kind ?? "text" },
  );
  const records: string[][] = [];
  if (options.header ?? true) records.push(specs.map((c) => csvCellText(c.name)));
  for (const row of rows) records.push(specs.map((c, i) => csvCellText(row[i], c.kind)));
  // A bare LF or CR inside a cell must be quoted whatever the record delimiter is, or readers split the row.
  return stringify(records, {
    record_delimiter: options.eol === "\n" ? "unix" : "windows",
    eof: true,
    quoted_match: /[\r\n]/,
  });
}
