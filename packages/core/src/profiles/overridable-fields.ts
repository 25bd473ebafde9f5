// The golden attributes a steward may override: the canonical fields survivorship shows (not the ids, the source or
// the unsplit full name). Constants only, so the portal's client components can import them.
import { CANONICAL_FIELDS, type CanonicalField } from "@c360/matching/fields";

const notOverridable = ["record_id", "source", "full_name"] as const;
export type OverridableField = Exclude<CanonicalField, (typeof notOverridable)[number]>;
export const OVERRIDABLE_FIELDS = CANONICAL_FIELDS.filter(
  (field): field is OverridableField => !(notOverridable as readonly string[]).includes(field),
) as [OverridableField, ...OverridableField[]];
