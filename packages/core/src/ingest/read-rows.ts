// Streaming row readers for CSV and JSON (lines or one array): each yields the rows of a file one at a time, with
// 1-based row numbers, and turns a bad row into a reported error instead of stopping the read.
import { Readable } from "node:stream";
import { parse, CsvError } from "csv-parse";
import type { RecordPayload } from "@c360/db/schema";
import { AppError } from "../errors";

/** Longer cells are not names or addresses: such a row is rejected rather than stored and compared. */
export const MAX_CELL_CHARS = 65_536;
/** A CSV record larger than this is not a row but a broken file (an unclosed quote): the read stops there. */
const MAX_CSV_RECORD_CHARS = 64 * 1024 * 1024;

export type ReadItem =
  /** The columns of a CSV header, before any row: lets the caller check a mapping before a batch starts. */
  | { kind: "columns"; columns: string[] }
  | { kind: "row"; row: number; values: RecordPayload }
  | { kind: "error"; row: number; reason: string };

/** Rows already in memory (seeded data, tests, a caller's own array), numbered from `firstRow` as a file's would be. */
export async function* rowItems(rows: Iterable<RecordPayload>, firstRow = 1): AsyncGenerator<ReadItem> {
  let row = firstRow;
  for (const values of rows) yield { kind: "row", row: row++, values };
}

export type RowFormat = "csv" | "json";
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** An input that cannot be read at all (empty, no header): nothing is imported and the caller is told why. */
export class ImportInputError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

/** Decodes UTF-8 across chunk boundaries; bytes that are not UTF-8 become U+FFFD and reject their row later. */
async function* decodeUtf8(input: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
  for await (const chunk of input) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A row nested deeper than this (objects in arrays in objects...) is not a record; reading it further would only recurse. */
export const MAX_ROW_DEPTH = 32;

/** Why a nested JSON value inside a column cannot be stored (NUL characters, depth), or null. Walks without recursion. */
function checkNested(column: string, value: unknown): string | null {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (typeof item === "string") {
      if (item.includes("\u0000"))
        return `column "${column}" holds a NUL character (\\u0000), which cannot be stored; remove it`;
    } else if (item && typeof item === "object") {
      if (depth > MAX_ROW_DEPTH) return `column "${column}" is nested more than ${MAX_ROW_DEPTH} levels deep`;
      for (const [key, child] of Object.entries(item)) {
        if (key.includes("\u0000"))
          return `column "${column}" holds a NUL character (\\u0000) in a member name, which cannot be stored; remove it`;
        pending.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/** Why a row's values cannot be taken as they are, or null. Applies to every reader alike. */
export function checkCells(values: RecordPayload): string | null {
  for (const [column, value] of Object.entries(values)) {
    // PostgreSQL stores no U+0000 in text or jsonb: one such cell would fail its whole chunk.
    if (column.includes("\u0000"))
      return "a column name holds a NUL character (\\u0000), which cannot be stored; remove it";
    if (typeof value !== "string") {
      const nested = checkNested(column, value);
      if (nested) return nested;
      continue;
    }
    if (value.length > MAX_CELL_CHARS)
      return `column "${column}" holds ${value.length} characters (more than ${MAX_CELL_CHARS})`;
    if (value.includes("\uFFFD"))
      return `column "${column}" holds bytes that are not UTF-8 (re-export the file as UTF-8)`;
    if (value.includes("\u0000"))
      return `column "${column}" holds a NUL character (\\u0000), which cannot be stored; remove it`;
  }
  return null;
}

/** Reads a CSV whose first row names the columns. Row numbers count the header as row 1, as spreadsheets do. */
export async function* readCsvRows(input: ByteSource): AsyncGenerator<ReadItem> {
  // trim: some exports separate fields with ", ". relax_*: a short row or a stray quote is read, not fatal.
  const parser = parse({
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    bom: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  const decoded = Readable.from(decodeUtf8(input));
  decoded.on("error", (error) => parser.destroy(error));
  decoded.pipe(parser);
  let header: string[] | null = null;
  let row = 1;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = cells;
        const blank = header.findIndex((column) => column === "");
        if (blank >= 0)
          throw new ImportInputError(
            `The header row has an empty column name at position ${blank + 1}; name every column.`,
          );
        const seen = new Set<string>();
        for (const column of header) {
          if (seen.has(column))
            throw new ImportInputError(
              `The header row names the column "${column}" twice; column names must be unique.`,
            );
          seen.add(column);
        }
        yield { kind: "columns", columns: header };
        continue;
      }
      row++;
      if (cells.length > header.length) {
        yield {
          kind: "error",
          row,
          reason: `${cells.length} cells but the header has ${header.length} columns`,
        };
        continue;
      }
      const values: RecordPayload = {};
      header.forEach((column, c) => {
        values[column] = cells[c] ?? "";
      });
      yield { kind: "row", row, values };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (!header) throw new ImportInputError(`Not a readable CSV: ${error.message}`);
    // The parser cannot resynchronise after e.g. an unclosed quote: report where it broke and stop reading.
    yield {
      kind: "error",
      row: row + 1,
      reason: `not readable as CSV from here on (${error.message}); rows after it were not read`,
    };
    return;
  } finally {
    decoded.destroy();
  }
  if (!header)
    throw new ImportInputError(
      "The file is empty; expected a header row naming the columns, then one row per record.",
    );
}

function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

function parseJsonObject(text: string, row: number): ReadItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "error", row, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "error", row, reason: `expected a JSON object, got ${describeJsonValue(value)}` };
  }
  return { kind: "row", row, values: value as RecordPayload };
}

/**
 * Splits a JSON array into its elements as text without holding the whole array: tracks strings and nesting,
 * and hands each top-level element to JSON.parse, so one bad element is one bad row.
 */
async function* readJsonArrayElements(
  chunks: AsyncIterable<string>,
  first: string,
): AsyncGenerator<ReadItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = "";
  let row = 0;
  let closed = false;
  const feed = function* (text: string): Generator<ReadItem> {
    for (const char of text) {
      if (closed) {
        if (!/\s/.test(char)) {
          closed = false;
          yield { kind: "error", row: row + 1, reason: "text after the closing ] of the JSON array" };
          return;
        }
        continue;
      }
      if (depth === 0) {
        if (char === "[") depth = 1;
        continue;
      }
      if (inString) {
        element += char;
        if (escaped) escaped = false;
        else if (char === "\\") escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      if (char === "{" || char === "[") depth++;
      if (char === "}" || char === "]") depth--;
      if (depth === 0 || (depth === 1 && char === ",")) {
        if (element.trim() !== "") yield parseJsonObject(element, ++row);
        element = "";
        if (depth === 0) closed = true;
        continue;
      }
      element += char;
      if (element.length > MAX_CSV_RECORD_CHARS)
        throw new ImportInputError(
          `JSON array element ${row + 1} is larger than ${MAX_CSV_RECORD_CHARS} characters.`,
        );
    }
  };
  yield* feed(first);
  for await (const text of chunks) yield* feed(text);
  if (!closed)
    yield {
      kind: "error",
      row: row + 1,
      reason: "the JSON array is not closed with ]; the last element was not read",
    };
}

async function* readJsonLines(chunks: AsyncIterable<string>, first: string): AsyncGenerator<ReadItem> {
  let pending = first;
  let line = 0;
  const flush = function* (final: boolean): Generator<ReadItem> {
    let newline = pending.indexOf("\n");
    while (newline >= 0 || (final && pending !== "")) {
      const text = newline >= 0 ? pending.slice(0, newline) : pending;
      pending = newline >= 0 ? pending.slice(newline + 1) : "";
      line++;
      if (text.trim() !== "") yield parseJsonObject(text, line);
      newline = pending.indexOf("\n");
    }
    if (pending.length > MAX_CSV_RECORD_CHARS)
      throw new ImportInputError(`Line ${line + 1} is longer than ${MAX_CSV_RECORD_CHARS} characters.`);
  };
  yield* flush(false);
  for await (const text of chunks) {
    pending += text;
    yield* flush(false);
  }
  yield* flush(true);
}

/** Reads JSON lines (one object per line) or a JSON array of objects, told apart by the first character. */
export async function* readJsonRows(input: ByteSource): AsyncGenerator<ReadItem> {
  const chunks = decodeUtf8(input)[Symbol.asyncIterator]();
  let first = "";
  while (first.trim() === "") {
    const next = await chunks.next();
    if (next.done)
      throw new ImportInputError("The input is empty; expected JSON lines or a JSON array of records.");
    first += next.value;
  }
  first = first.replace(/^\uFEFF/, "");
  const rest = { [Symbol.asyncIterator]: () => chunks };
  if (first.trimStart().startsWith("[")) yield* readJsonArrayElements(rest, first);
  else yield* readJsonLines(rest, first);
}

export function readRows(input: ByteSource, format: RowFormat): AsyncGenerator<ReadItem> {
  return format === "csv" ? readCsvRows(input) : readJsonRows(input);
}

/** The format a file name suggests: .json, .jsonl and .ndjson are JSON, everything else CSV. */
export function formatOfFileName(fileName: string): RowFormat {
  return /\.(json|jsonl|ndjson)$/i.test(fileName) ? "json" : "csv";
}
