// The canonical field names (README.md, docs/matching.md): the shape of a raw input record before standardization.
export const CANONICAL_FIELDS = [
  "record_id",
  "source",
  "first_name",
  "middle_name",
  "last_name",
  "full_name",
  "dob",
  "gender",
  "email",
  "phone",
  "street_number",
  "street",
  "address_line2",
  "city",
  "state",
  "postcode",
  "country",
  "national_id",
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** A raw record as read from a source: canonical field name -> text as the source spelled it. */
export type InputRecord = { record_id: string } & Partial<
  Record<Exclude<CanonicalField, "record_id">, string | null>
> & {
    /** Optional ISO timestamp of the last change in the source, used by the "most recent" survivorship rule. */
    updated_at?: string | null;
  };

export function isCanonicalField(name: string): name is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(name);
}
