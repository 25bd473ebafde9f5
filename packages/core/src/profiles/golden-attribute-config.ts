// Which golden attributes a profile has and the survivorship rule that picks each one: the one place to change them.
import type { SurvivorshipRule } from "@c360/matching";

// Rules are tried in order, each breaking the previous one's ties; a tie no rule breaks goes to the smallest
// record id. The address is one group: street number, street, unit, city, state, postcode and country are chosen
// together from ONE record, because the most recent street with the most trusted city is an address nobody has.

/** Trust of a source for an attribute it has no attribute_trust entry for. */
export const DEFAULT_SOURCE_TRUST = 0.5;

/**
 * The survivorship config. Why each rule:
 * - names: the spelling most sources agree on, then the longest ("Jonathan" over "Jon", "Ann Marie" over "Ann"),
 *   then the most trusted source, then the most recent; a typo in one source loses to the majority.
 * - dob, gender, national id: facts that do not change, so the source trusted for them (billing, KYC) wins,
 *   then the majority.
 * - email, phone: contact points change; the trusted source first (a verified billing email beats a web form),
 *   then the most recent, then the majority.
 * - address (as one group, see above): people move, so the most recent record wins, then the trusted source,
 *   then the majority.
 */
export const GOLDEN_NAME_RULES: readonly SurvivorshipRule[] = [
  "mostFrequent",
  "longest",
  "sourceTrust",
  "mostRecent",
];
export const GOLDEN_FACT_RULES: readonly SurvivorshipRule[] = ["sourceTrust", "mostFrequent", "mostRecent"];
export const GOLDEN_CONTACT_RULES: readonly SurvivorshipRule[] = [
  "sourceTrust",
  "mostRecent",
  "mostFrequent",
];
export const GOLDEN_ADDRESS_RULES: readonly SurvivorshipRule[] = [
  "mostRecent",
  "sourceTrust",
  "mostFrequent",
  "longest",
];

export const goldenAttributeConfig = {
  first_name: GOLDEN_NAME_RULES,
  middle_name: GOLDEN_NAME_RULES,
  last_name: GOLDEN_NAME_RULES,
  name_suffix: GOLDEN_NAME_RULES,
  dob: GOLDEN_FACT_RULES,
  gender: GOLDEN_FACT_RULES,
  national_id: GOLDEN_FACT_RULES,
  email: GOLDEN_CONTACT_RULES,
  phone: GOLDEN_CONTACT_RULES,
  /** The group street_number, street, address_line2, city, state, postcode, country. */
  address: GOLDEN_ADDRESS_RULES,
} as const satisfies Record<string, readonly SurvivorshipRule[]>;

/** The address parts, in the order they are written, with the StandardRecord field each is read from. */
export const ADDRESS_PARTS = [
  { attribute: "street_number", field: "streetNumber" },
  { attribute: "street", field: "street" },
  { attribute: "address_line2", field: "unit" },
  { attribute: "city", field: "city" },
  { attribute: "state", field: "state" },
  { attribute: "postcode", field: "postcode" },
  { attribute: "country", field: "country" },
] as const;

/** Rule names as stored in golden_attributes.rule (snake case, as the schema documents them). */
export const storedRuleName: Readonly<Record<SurvivorshipRule, string>> = {
  sourceTrust: "most_trusted_source",
  mostRecent: "most_recent",
  mostFrequent: "most_frequent",
  mostComplete: "most_complete",
  longest: "longest",
};

/** Stored when every record that has the attribute agrees on it: no rule had to choose between values. */
export const NO_CONFLICT_RULE = "no_conflict";
