// Turns a raw row into the engine's canonical InputRecord: columns named like canonical fields map themselves,
// the source's mapping and the caller's overrides rename the rest.
import type { RecordPayload } from "@c360/db/schema";
import type { InputRecord } from "@c360/matching/fields";
import { AppError } from "../errors";
import { isMappableField, MAPPABLE_FIELDS, type MappableField } from "../sources/source-schemas";

export interface RowMapper {
  /** The canonical field a column feeds, or null for a column kept only in the raw payload. */
  fieldOf: (column: string) => MappableField | null;
  /** The mapping actually in force (source mapping with overrides), for reporting. */
  mapping: Record<string, MappableField>;
}

/** Parses `column=field` as given to `--map`, refusing an unknown field by name. */
export function parseMapOption(value: string): [string, MappableField] {
  const eq = value.indexOf("=");
  const column = value.slice(0, eq).trim();
  const field = value.slice(eq + 1).trim();
  if (eq <= 0 || !column || !field)
    throw new AppError("BAD_REQUEST", `--map takes column=field, got "${value}"`);
  if (!isMappableField(field)) {
    throw new AppError(
      "BAD_REQUEST",
      `--map ${value}: "${field}" is not a canonical field; fields: ${MAPPABLE_FIELDS.join(", ")}`,
      { field },
    );
  }
  return [column, field];
}

export function createRowMapper(
  sourceMapping: Record<string, string>,
  overrides: Record<string, string> = {},
): RowMapper {
  const mapping: Record<string, MappableField> = {};
  for (const [column, field] of Object.entries({ ...sourceMapping, ...overrides })) {
    if (!isMappableField(field))
      throw new AppError(
        "BAD_REQUEST",
        `Column "${column}" maps to "${field}", which is not a canonical field.`,
        { field },
      );
    mapping[column] = field;
  }
  // A column named like a field maps itself, unless another column was mapped to that field explicitly.
  const explicitFields = new Set(Object.values(mapping));
  return {
    mapping,
    fieldOf: (column) =>
      mapping[column] ?? (isMappableField(column) && !explicitFields.has(column) ? column : null),
  };
}

/** The columns of a mapping that a CSV header lacks: a mapping naming them is a typo, not a choice. */
export function columnsMissingFromHeader(
  columns: readonly string[],
  overrides: Record<string, string>,
): string[] {
  const present = new Set(columns);
  return Object.keys(overrides).filter((column) => !present.has(column));
}

export type MappedRow = { ok: true; externalId: string; input: InputRecord } | { ok: false; reason: string };

function asText(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return undefined;
}

/** Maps one raw row; a row without an id, or with an object where text was expected, is refused with the reason. */
export function mapRow(values: RecordPayload, mapper: RowMapper, sourceName: string): MappedRow {
  const input: Record<string, string | null> = {};
  let idColumn: string | null = null;
  for (const [column, value] of Object.entries(values)) {
    const field = mapper.fieldOf(column);
    if (!field) continue;
    const text = asText(value);
    if (text === undefined)
      return { ok: false, reason: `column "${column}" (${field}) holds a nested value; expected text` };
    if (field === "record_id") idColumn = column;
    input[field] = text;
  }
  const externalId = (input.record_id ?? "").trim();
  if (!externalId) {
    return {
      ok: false,
      reason: idColumn
        ? `no record id: column "${idColumn}" is empty`
        : `no record id: no column named "record_id" or mapped to it (map one with column=record_id)`,
    };
  }
  // The engine compares across sources by this name; the source is who sent the row, not what the row claims.
  return {
    ok: true,
    externalId,
    input: { ...input, record_id: externalId, source: sourceName },
  };
}
