// Which fields quality rules can measure, how each is read from a record, and the defaults of automatic rules.
import type { qualityDimensionEnum } from "@c360/db/schema";

export const qualityDimensions = [
  "completeness",
  "validity",
  "uniqueness",
  "consistency",
  "freshness",
] as const;
export type QualityDimension = (typeof qualityDimensions)[number];
/** Fails to compile if the list above drifts from the database enum. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const dimensionsMatchSchema: Same<QualityDimension, (typeof qualityDimensionEnum.enumValues)[number]> =
  true;

export const qualityScopes = ["source", "golden"] as const;
export type QualityScope = (typeof qualityScopes)[number];

/**
 * Canonical field -> the StandardRecord key holding its standardized value. A field whose standardizer returns
 * null for a present raw value (an email without a domain, a phone libphonenumber cannot place, an impossible
 * date) is invalid: validity reuses the engine's standardizers, already applied at import.
 */
export const STANDARD_KEY_OF_FIELD: Readonly<Record<string, string>> = {
  first_name: "firstName",
  middle_name: "middleName",
  last_name: "lastName",
  dob: "dob",
  gender: "gender",
  email: "email",
  phone: "phone",
  street_number: "streetNumber",
  street: "street",
  address_line2: "unit",
  city: "city",
  state: "state",
  postcode: "postcode",
  country: "country",
  national_id: "nationalId",
};

/** Fields whose standardizer rejects malformed values, so "raw present, standardized null" means invalid. */
export const VALIDATED_FIELDS = new Set(["email", "phone", "dob", "postcode"]);

/** Patterns for golden values (already standardized), used by golden validity rules without their own pattern. */
export const GOLDEN_VALUE_PATTERNS: Readonly<Record<string, string>> = {
  email: "^[^@[:space:]]+@[^@[:space:]]+\\.[a-z]{2,}$",
  phone: "^\\+[1-9][0-9]{6,14}$",
  dob: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
};

/** Golden attributes that get automatic rules: identity and contact attributes people rely on. */
export const GOLDEN_RULE_FIELDS = [
  "first_name",
  "last_name",
  "dob",
  "email",
  "phone",
  "city",
  "postcode",
] as const;
/** Golden attributes two people should not share: a shared one points at an unresolved duplicate. */
export const GOLDEN_UNIQUE_FIELDS = ["email", "phone"] as const;
/** Fields of a source that get automatic rules when the source maps them. */
export const SOURCE_RULE_FIELDS = Object.keys(STANDARD_KEY_OF_FIELD);

/** Score below which an automatic rule fails, per dimension. */
export const DEFAULT_THRESHOLDS: Readonly<Record<QualityDimension, number>> = {
  completeness: 0.9,
  validity: 0.95,
  uniqueness: 0.98,
  consistency: 0.9,
  freshness: 0.9,
};

/** Contact points carry double weight: they are what activation and privacy requests depend on. */
export function defaultWeight(field: string): number {
  return field === "email" || field === "phone" ? 2 : 1;
}

export const DEFAULT_FRESHNESS_DAYS = 365;
/** The pseudo-field a freshness rule measures. */
export const FRESHNESS_FIELD = "updated_at";
