// The canonical fields a subject may have corrected: all but the ids, the source and the unsplit full name.
// Constants only, so the portal's client components can import them.
import { CANONICAL_FIELDS, type CanonicalField } from "@c360/matching/fields";

const notRectifiable = ["record_id", "source", "full_name", "national_id"] as const;
export type RectifiableField = Exclude<CanonicalField, (typeof notRectifiable)[number]>;
export const RECTIFIABLE_FIELDS = CANONICAL_FIELDS.filter(
  (field): field is RectifiableField => !(notRectifiable as readonly string[]).includes(field),
) as [RectifiableField, ...RectifiableField[]];
