// The golden attributes of one profile from its member records: a pure function (no database), so the batch
// resolver can call it for every profile of a run and the stewardship actions for the few they touch.
import type { GoldenRuleDetail } from "@c360/db/schema";
import {
  surviveAttributes,
  type StandardRecord,
  type SurvivorshipMember,
  type SurvivorshipRule,
} from "@c360/matching";
import {
  ADDRESS_PARTS,
  DEFAULT_SOURCE_TRUST,
  goldenAttributeConfig,
  NO_CONFLICT_RULE,
  storedRuleName,
} from "./golden-attribute-config";
import {
  formatGender,
  formatName,
  formatNationalId,
  formatPlace,
  formatRegion,
  memoizeFormatter,
  formatUnit,
  titleCase,
} from "./format-golden-value";

/** One member record of the profile, as survivorship needs it. */
export interface GoldenMember {
  recordId: string;
  sourceName: string;
  /** The source's trust per canonical attribute, 0..1 (sources.attribute_trust); missing attributes count 0.5. */
  sourceTrust: Readonly<Record<string, number>>;
  /** ISO time of the record's last change in its source (else when c360 last stored it): "most recent" reads it. */
  updatedAt: string | null;
  standardized: StandardRecord;
  /** The row as the source sent it: its spelling of names and places is shown when it says the same thing. */
  raw: Readonly<Record<string, unknown>>;
  /** Source column -> canonical field (sources.field_mapping), to find the raw spelling; absent = canonical names. */
  fieldMapping?: Readonly<Record<string, string>>;
}

/** A value one member gave for an attribute, as the profile page lists it under the golden value. */
export interface GoldenCandidate {
  value: string;
  sourceRecordId: string;
  sourceName: string;
  updatedAt: string | null;
  /** The source's trust for the attribute. */
  trust: number;
}

/** One golden_attributes row, without profile id and time (the caller's), and the values it was chosen from. */
export interface GoldenAttributeRow {
  attribute: string;
  /** The display value: names title-cased or as the source spelled them, phone E.164, dob ISO yyyy-mm-dd. */
  value: string;
  /** The record the value came from; null when a steward override set it. */
  sourceRecordId: string | null;
  /** most_trusted_source, most_recent, most_frequent, longest, no_conflict when every record agreed, or steward_override. */
  rule: string;
  ruleDetail: GoldenRuleDetail;
  /** Every member's value, the cited one included: shown with the value, not stored (see GoldenRuleDetail). */
  candidates: GoldenCandidate[];
}

export interface GoldenProfile {
  attributes: GoldenAttributeRow[];
  /** "First Middle Last", else the email, else the phone; null for a profile without any of them. */
  displayName: string | null;
  /** Lower-cased names, emails, phones and source record ids of every member, space-separated (trigram search). */
  searchText: string;
}

interface Candidate {
  member: GoldenMember;
  /** member.updatedAt in ms (-Infinity when unknown), parsed once per member, not once per attribute. */
  time: number;
  /** The standardized value survivorship compares (for the address group, all parts joined). */
  value: string;
  trust: number;
}

type Formatter = (standard: string, raw: string | null) => string;
type PersonField =
  | "firstName"
  | "middleName"
  | "lastName"
  | "nameSuffix"
  | "dob"
  | "gender"
  | "nationalId"
  | "email"
  | "phone";

const formatSuffix: Formatter = (standard) =>
  /^[ivx]+$/.test(standard) ? standard.toUpperCase() : titleCase(standard);
const asIs: Formatter = (standard) => standard;

/** Stored as golden_attributes.rule when a steward override set the value. */
export const STEWARD_OVERRIDE_RULE = "steward_override";

/** A steward's (or a rectification's) value for one attribute: it outranks every source. */
export interface StewardOverride {
  attribute: string;
  /** Already standardized and formatted the way the attribute is shown (see standardizeOverrideValue). */
  value: string;
  note: string;
  origin: "steward" | "rectification";
  setBy: string;
  /** ISO time. */
  setAt: string;
}

/** Single-valued attributes: StandardRecord field, the raw canonical column that spells it, how to show it. */
const PERSON_ATTRIBUTES: readonly {
  attribute: keyof typeof goldenAttributeConfig;
  field: PersonField;
  format: Formatter;
  /** The display can come from a record's own spelling ("José"), so which record is cited matters for it. */
  spelled?: true;
}[] = [
  { attribute: "first_name", field: "firstName", format: formatName, spelled: true },
  { attribute: "middle_name", field: "middleName", format: formatName, spelled: true },
  { attribute: "last_name", field: "lastName", format: formatName, spelled: true },
  { attribute: "name_suffix", field: "nameSuffix", format: formatSuffix },
  { attribute: "dob", field: "dob", format: asIs },
  { attribute: "gender", field: "gender", format: (standard) => formatGender(standard) },
  { attribute: "national_id", field: "nationalId", format: formatNationalId },
  { attribute: "email", field: "email", format: asIs },
  { attribute: "phone", field: "phone", format: asIs },
];

const ADDRESS_FORMAT: Readonly<Record<(typeof ADDRESS_PARTS)[number]["attribute"], Formatter>> = {
  street_number: (standard) => standard.toUpperCase(),
  street: memoizeFormatter((standard) => titleCase(standard)),
  address_line2: formatUnit,
  city: formatPlace,
  state: formatRegion,
  postcode: (standard) => standard.toUpperCase(),
  country: formatRegion,
};

// Inverse field mappings (canonical field -> source column), computed once per mapping object, not per profile.
const inverseMappings = new WeakMap<object, Map<string, string>>();

function rawTextOf(member: GoldenMember, canonical: string): string | null {
  let column = canonical;
  if (member.fieldMapping) {
    let inverse = inverseMappings.get(member.fieldMapping);
    if (!inverse) {
      inverse = new Map();
      for (const [sourceColumn, field] of Object.entries(member.fieldMapping))
        if (!inverse.has(field)) inverse.set(field, sourceColumn);
      inverseMappings.set(member.fieldMapping, inverse);
    }
    column = inverse.get(canonical) ?? canonical;
  }
  const value = member.raw[column];
  return typeof value === "string" ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function trustOf(member: GoldenMember, attribute: string, fallbackAttribute?: string): number {
  const trust =
    member.sourceTrust[attribute] ?? (fallbackAttribute ? member.sourceTrust[fallbackAttribute] : undefined);
  return typeof trust === "number" && Number.isFinite(trust) ? trust : DEFAULT_SOURCE_TRUST;
}

function timeOf(iso: string | null): number {
  const time = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * When every record agrees, no rule has to choose a value; the record cited is the most trusted, then the first to
 * have said it (then the smallest id). A record that arrives later saying the same leaves the citation, and so the
 * stored row, as it was.
 */
function citeAgreeingCandidate(candidates: readonly Candidate[]): Candidate {
  let best = candidates[0]!;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.trust !== best.trust) {
      if (c.trust > best.trust) best = c;
      continue;
    }
    if (c.time < best.time || (c.time === best.time && c.member.recordId < best.member.recordId)) best = c;
  }
  return best;
}

/**
 * Picks the winning candidate with surviveAttributes when the records disagree. The engine ranks sources by an
 * ordered list of names, but c360 keeps a number per source; sources of equal trust must tie (so the next rule
 * decides), so each candidate is presented under the label of its trust level, levels ordered most trusted first.
 */
function chooseCandidate(
  attribute: string,
  rules: readonly SurvivorshipRule[],
  candidates: Candidate[],
): { winner: Candidate; rule: string } {
  let unanimous = true;
  for (const candidate of candidates) if (candidate.value !== candidates[0]!.value) unanimous = false;
  if (unanimous) return { winner: citeAgreeingCandidate(candidates), rule: NO_CONFLICT_RULE };
  const levels = [...new Set(candidates.map((c) => c.trust))].sort((a, b) => b - a).map(String);
  const members: SurvivorshipMember[] = candidates.map((c) => ({
    recordId: c.member.recordId,
    source: String(c.trust),
    updatedAt: c.member.updatedAt,
    values: { [attribute]: c.value },
  }));
  const golden = surviveAttributes(members, { rules: { [attribute]: rules }, sourceTrust: levels })[
    attribute
  ]!;
  const winner = candidates.find((c) => c.member.recordId === golden.recordId)!;
  return { winner, rule: storedRuleName[golden.rule] };
}

/**
 * The rules chose a value; several records may hold it, spelled differently ("MARÍA", "María"). Shows (and
 * cites) the chosen record's own spelling when it has one, else the spelling of the most trusted, then most
 * recent, record with the same value, so a careful spelling is not lost to one typed in capitals.
 */
function preferOwnSpelling(
  winner: Candidate,
  candidates: readonly Candidate[],
  attribute: string,
  format: Formatter,
): Candidate {
  const plain = format(winner.value, null);
  if (format(winner.value, rawTextOf(winner.member, attribute)) !== plain) return winner;
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (c === winner || c.value !== winner.value || format(c.value, rawTextOf(c.member, attribute)) === plain)
      continue;
    if (
      !best ||
      c.trust > best.trust ||
      (c.trust === best.trust &&
        (c.time > best.time || (c.time === best.time && c.member.recordId < best.member.recordId)))
    ) {
      best = c;
    }
  }
  return best ?? winner;
}

function candidateOf(candidate: Candidate, value: string): GoldenCandidate {
  return {
    value,
    sourceRecordId: candidate.member.recordId,
    sourceName: candidate.member.sourceName,
    updatedAt: candidate.member.updatedAt,
    trust: candidate.trust,
  };
}

function distinctValues(candidates: readonly GoldenCandidate[]): number {
  return new Set(candidates.map((c) => c.value)).size;
}

function rulesDetail(rules: readonly SurvivorshipRule[]): string[] {
  return rules.map((rule) => storedRuleName[rule]);
}

function addressKey(record: StandardRecord): string | null {
  // An address is usable when it says where: a street, a city or a postcode (a country alone is not an address).
  if (!stringOrNull(record.street) && !stringOrNull(record.city) && !stringOrNull(record.postcode))
    return null;
  return ADDRESS_PARTS.map((part) => stringOrNull(record[part.field]) ?? "").join("|");
}

function surviveAddress(
  members: readonly GoldenMember[],
  times: readonly number[],
  rows: GoldenAttributeRow[],
): void {
  const candidates: Candidate[] = [];
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    const key = addressKey(member.standardized);
    if (key !== null)
      candidates.push({ member, time: times[i]!, value: key, trust: trustOf(member, "address", "street") });
  }
  if (candidates.length === 0) return;
  const rules = goldenAttributeConfig.address;
  const { winner, rule } = chooseCandidate("address", rules, candidates);
  for (const part of ADDRESS_PARTS) {
    const standard = stringOrNull(winner.member.standardized[part.field]);
    if (standard === null) continue;
    const format = ADDRESS_FORMAT[part.attribute];
    const competing: GoldenCandidate[] = [];
    for (const candidate of candidates) {
      const value = stringOrNull(candidate.member.standardized[part.field]);
      if (value !== null)
        competing.push(candidateOf(candidate, format(value, rawTextOf(candidate.member, part.attribute))));
    }
    rows.push({
      attribute: part.attribute,
      value: format(standard, rawTextOf(winner.member, part.attribute)),
      sourceRecordId: winner.member.recordId,
      rule,
      ruleDetail: { group: "address", rules: rulesDetail(rules), distinctValues: distinctValues(competing) },
      candidates: competing,
    });
  }
}

/** Every golden attribute: the StandardRecord field it is read from and how its standardized value is shown. */
export const GOLDEN_ATTRIBUTE_FORMATS: ReadonlyMap<
  string,
  { field: keyof StandardRecord; format: Formatter }
> = new Map([
  ...PERSON_ATTRIBUTES.map(
    (spec) =>
      [spec.attribute as string, { field: spec.field as keyof StandardRecord, format: spec.format }] as const,
  ),
  ...ADDRESS_PARTS.map(
    (part) =>
      [
        part.attribute as string,
        { field: part.field as keyof StandardRecord, format: ADDRESS_FORMAT[part.attribute] },
      ] as const,
  ),
]);

/**
 * The profile's search text: every member's names, then emails, then phones, each group sorted and without repeats,
 * so the same members give the same text whatever order they are read in, and a member that brings nothing new
 * leaves it (and its trigram index entries) as it was.
 */
function collectSearchTerms(members: readonly GoldenMember[], rows: readonly GoldenAttributeRow[]): string {
  const names = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const add = (terms: Set<string>, value: unknown) => {
    if (typeof value === "string" && value !== "") terms.add(value.toLowerCase());
  };
  for (const member of members) {
    const record = member.standardized;
    add(names, record.firstName);
    add(names, record.middleName);
    add(names, record.lastName);
    add(emails, record.email);
    add(phones, record.phone);
  }
  // The displayed spelling too ("josé" as well as "jose"), so a search typed with accents finds it.
  for (const row of rows) if (row.attribute.endsWith("_name")) add(names, row.value);
  const terms = new Set([...[...names].sort(), ...[...emails].sort(), ...[...phones].sort()]);
  return [...terms].join(" ");
}

function composeDisplayName(values: ReadonlyMap<string, string>): string | null {
  const parts = ["first_name", "middle_name", "last_name", "name_suffix"]
    .map((a) => values.get(a))
    .filter(Boolean);
  if (parts.length > 0 && (values.has("first_name") || values.has("last_name"))) return parts.join(" ");
  return values.get("email") ?? values.get("phone") ?? null;
}

/**
 * Survives every golden attribute of one profile from its members. Members with nothing for an attribute do not
 * compete for it; a profile without members has no attributes, no display name and an empty search text.
 */
export function buildGoldenAttributes(
  members: readonly GoldenMember[],
  overrides: readonly StewardOverride[] = [],
): GoldenProfile {
  const rows: GoldenAttributeRow[] = [];
  const values = new Map<string, string>();
  const times = members.map((m) => timeOf(m.updatedAt));
  for (const spec of PERSON_ATTRIBUTES) {
    const candidates: Candidate[] = [];
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      const value = stringOrNull(member.standardized[spec.field]);
      if (value !== null)
        candidates.push({ member, time: times[i]!, value, trust: trustOf(member, spec.attribute) });
    }
    if (candidates.length === 0) continue;
    const rules = goldenAttributeConfig[spec.attribute];
    const chosen = chooseCandidate(spec.attribute, rules, candidates);
    const rule = chosen.rule;
    const winner =
      spec.spelled && candidates.length > 1
        ? preferOwnSpelling(chosen.winner, candidates, spec.attribute, spec.format)
        : chosen.winner;
    const value = spec.format(winner.value, rawTextOf(winner.member, spec.attribute));
    values.set(spec.attribute, value);
    // When all agree the winner's display stands for every candidate (no need to format each spelling).
    const competing = candidates.map((c) =>
      candidateOf(
        c,
        rule === NO_CONFLICT_RULE ? value : spec.format(c.value, rawTextOf(c.member, spec.attribute)),
      ),
    );
    rows.push({
      attribute: spec.attribute,
      value,
      sourceRecordId: winner.member.recordId,
      rule,
      ruleDetail: { rules: rulesDetail(rules), distinctValues: distinctValues(competing) },
      candidates: competing,
    });
  }
  surviveAddress(members, times, rows);
  const survived: GoldenProfile = {
    attributes: rows,
    displayName: composeDisplayName(values),
    searchText: collectSearchTerms(members, rows),
  };
  return overrides.length === 0 ? survived : applyStewardOverrides(survived, overrides);
}

/** Each attribute's competing values as survivorship weighs them: what a page lists under a golden value. */
export function goldenCandidatesOf(members: readonly GoldenMember[]): Map<string, GoldenCandidate[]> {
  return new Map(buildGoldenAttributes(members).attributes.map((row) => [row.attribute, row.candidates]));
}

/**
 * Puts steward overrides over survived golden values: the override's value wins, provenance says who set it,
 * when and why, and the values the sources compete with stay as candidates (so a steward sees a source still
 * disagreeing). The display name and search text follow the overridden values. Pure; the batch
 * resolver calls it on the few profiles that have overrides, after survivorship.
 */
export function applyStewardOverrides(
  profile: GoldenProfile,
  overrides: readonly StewardOverride[],
): GoldenProfile {
  if (overrides.length === 0) return profile;
  const byAttribute = new Map(overrides.map((o) => [o.attribute, o]));
  const attributes: GoldenAttributeRow[] = [];
  for (const row of profile.attributes) {
    const override = byAttribute.get(row.attribute);
    if (!override) {
      attributes.push(row);
      continue;
    }
    byAttribute.delete(row.attribute);
    attributes.push(overriddenRow(override, row));
  }
  for (const override of byAttribute.values()) attributes.push(overriddenRow(override, null));
  const values = new Map(attributes.map((row) => [row.attribute, row.value]));
  const terms = new Set(profile.searchText === "" ? [] : profile.searchText.split(" "));
  for (const override of overrides) {
    if (
      override.attribute.endsWith("_name") ||
      override.attribute === "email" ||
      override.attribute === "phone"
    ) {
      for (const term of override.value.toLowerCase().split(/\s+/)) if (term !== "") terms.add(term);
    }
  }
  return { attributes, displayName: composeDisplayName(values), searchText: [...terms].join(" ") };
}

function overriddenRow(override: StewardOverride, survived: GoldenAttributeRow | null): GoldenAttributeRow {
  return {
    attribute: override.attribute,
    value: override.value,
    sourceRecordId: null,
    rule: STEWARD_OVERRIDE_RULE,
    ruleDetail: {
      ...(survived?.ruleDetail ?? { distinctValues: 0 }),
      override: {
        setBy: override.setBy,
        setAt: override.setAt,
        note: override.note,
        origin: override.origin,
      },
      // What survivorship alone would show, so a steward can see whether the sources have caught up.
      ...(survived
        ? {
            survived: { value: survived.value, sourceRecordId: survived.sourceRecordId, rule: survived.rule },
          }
        : {}),
    },
    candidates: survived?.candidates ?? [],
  };
}
