// Masks a source record's payloads by what each column holds: the canonical field its source maps it to, not its name.
import { createRowMapper } from "../ingest/map-row";
import { isMappableField } from "../sources/source-schemas";
import { MASK, maskGoldenValue, maskPayload, piiKindOfAttribute, maskValue } from "./mask-pii";

/** What a source says about its columns: the field mapping and the columns a steward marked as not personal. */
export interface SourceColumnClassification {
  fieldMapping: Readonly<Record<string, string>>;
  nonPersonalColumns: readonly string[];
}

/**
 * A column's canonical field by the rule imports follow (createRowMapper): the source's mapping, else a column
 * named like a field. Mapping entries that are not canonical fields are skipped, so a stale mapping never breaks a page.
 */
function fieldOfColumn(classification: SourceColumnClassification): (column: string) => string | null {
  const usable = Object.fromEntries(
    Object.entries(classification.fieldMapping).filter(([, field]) => isMappableField(field)),
  );
  return createRowMapper(usable).fieldOf;
}

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

/**
 * The raw payload as a caller without profile:pii may see it. A column mapped to a field is masked as the golden
 * value of that field is (national id, street, postcode, birth date, email and phone masked; names, city, record id
 * shown, with loose masking of anything shaped like an email or phone). A column a steward marked as not personal
 * is masked by key pattern and value shape only. Every other column is personal until someone says otherwise: its
 * value, nested objects and arrays included, becomes "•••" (an empty value stays empty, so the shape still reads).
 */
export function maskRawPayload(
  raw: Readonly<Record<string, unknown>>,
  classification: SourceColumnClassification,
): Record<string, unknown> {
  const fieldOf = fieldOfColumn(classification);
  const nonPersonal = new Set(classification.nonPersonalColumns);
  const masked: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(raw)) {
    if (isBlank(value)) masked[column] = value;
    else {
      const field = fieldOf(column);
      if (field) masked[column] = typeof value === "object" ? MASK : maskGoldenValue(field, value);
      else if (nonPersonal.has(column)) masked[column] = maskPayload({ [column]: value })[column];
      else masked[column] = MASK;
    }
  }
  return masked;
}

/** The standardized payload's keys (StandardRecord) as the canonical fields whose masking they share. */
const FIELD_OF_STANDARD_KEY: Readonly<Record<string, string>> = {
  firstName: "first_name",
  middleName: "middle_name",
  lastName: "last_name",
  nameSuffix: "name_suffix",
  streetNumber: "street_number",
  unit: "address_line2",
  nationalId: "national_id",
  updatedAt: "updated_at",
};

/** The standardized payload: its keys are canonical fields, so each value is masked by its field's kind. */
export function maskStandardizedPayload(
  standardized: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(standardized)) {
    const field = FIELD_OF_STANDARD_KEY[key] ?? key;
    const kind = piiKindOfAttribute(field);
    if (isBlank(value)) masked[key] = value;
    else if (kind) masked[key] = typeof value === "object" ? MASK : maskValue(kind, String(value));
    else masked[key] = maskPayload({ [key]: value })[key];
  }
  return masked;
}
