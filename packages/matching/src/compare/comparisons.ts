// Comparisons as data (Splink's comparison levels): each kind has an ordered list of levels, level 0 is "null"
// (no evidence either way) and the last is "else". compileComparison turns a spec into a fast level function.
import { dayNumber } from "../standardize/dates";
import { formalGivenName, isDiminutiveOf } from "../standardize/nicknames";
import type { StandardField } from "../standardize/record";
import { NULL_VALUE, type RecordStore } from "../store";
import { metaphoneCodes, soundAlike } from "./phonetic";
import { differOnlyInDigits, jaroWinkler, withinOneEdit } from "./string-distance";

export type ComparisonKind =
  "name" | "date" | "email" | "phone" | "exact" | "string" | "postcode" | "id" | "numeric" | "address";

export interface ComparisonSpec {
  /** Label in the model, printouts and explanations. */
  name: string;
  kind: ComparisonKind;
  field: StandardField;
  /** Adjust the exact level by how common the value is (Smith is weaker evidence than Zybrowski). */
  termFrequency?: boolean;
  /** For given names: treat Bob and Robert as the same name (a level of its own). */
  nicknames?: boolean;
  /** For names: the other name field, so "Hall, Isla" against "Isla Hall" (first and last swapped) gets a level of its own. */
  swappedWith?: StandardField;
  /**
   * Comparisons this one is not independent of: an email address is often built from the names ("john.smith42@"),
   * so among namesakes who are different people, equal or near-equal addresses are far more common than among
   * random pairs. An EM session on a blocking rule that reads this comparison's field leaves those comparisons
   * out too: its pairs agree on them by construction, matches or not.
   */
  dependsOn?: string[];
}

export function levelLabels(spec: ComparisonSpec): string[] {
  switch (spec.kind) {
    case "name":
      return [
        "null",
        "exact",
        ...(spec.nicknames ? ["nickname of the same formal name"] : []),
        "jaro-winkler >= 0.92",
        ...(spec.swappedWith ? ["first and last names swapped"] : []),
        "double metaphone match",
        "jaro-winkler >= 0.80",
        "else",
      ];
    case "date":
      return [
        "null",
        "exact",
        "day and month swapped",
        "one character edit",
        "within 1 year",
        "within 10 years",
        "else",
      ];
    case "email":
      return ["null", "exact", "one character edit", "else"];
    case "phone":
      return ["null", "exact", "one digit edit", "same last 7 digits", "else"];
    case "exact":
      return ["null", "exact", "else"];
    case "string":
      return ["null", "exact", "jaro-winkler >= 0.90", "jaro-winkler >= 0.75", "else"];
    case "postcode":
      return ["null", "exact", "one character edit", "same first 3 characters", "else"];
    case "id":
      return ["null", "exact", "one character edit", "else"];
    case "numeric":
      return ["null", "exact", "one character edit", "within 10%", "else"];
    case "address":
      return [
        "null",
        "same street address",
        "same number, street jaro-winkler >= 0.88",
        "same postcode",
        "same city or postcode one edit",
        "else",
      ];
  }
}

/** Level of one pair of records (positions in the store) for one comparison. */
export type LevelFunction = (a: number, b: number) => number;

export function compileComparison(spec: ComparisonSpec, store: RecordStore): LevelFunction {
  const column = store.columns[spec.field];
  const valueOf = column.valueOf;
  const dict = column.dictionary;
  switch (spec.kind) {
    case "name": {
      const formal = column.derive("formal", formalGivenName);
      const codes = column.derive("metaphone", metaphoneCodes);
      const nickLevel = spec.nicknames ? 1 : 0;
      const swapLevel = spec.swappedWith ? 1 : 0;
      const other = spec.swappedWith ? store.columns[spec.swappedWith] : null;
      // Swapped means this field equals the other's other field, both ways round (compared as text: two columns).
      const swapped = (a: number, b: number): boolean => {
        if (!other) return false;
        const oa = other.valueOf[a]!;
        const ob = other.valueOf[b]!;
        return (
          oa !== NULL_VALUE &&
          ob !== NULL_VALUE &&
          dict[valueOf[a]!] === other.dictionary[ob] &&
          dict[valueOf[b]!] === other.dictionary[oa]
        );
      };
      // Similarity of two different spellings, without the swap level (which depends on the other field):
      // 1 nickname, 2 jaro-winkler >= 0.92, 3 phonetic, 4 jaro-winkler >= 0.80, 5 else. Cached per pair of
      // values: the same two names meet again and again (John and Mary of every household).
      const similarityCache = new Map<number, number>();
      const similarity = (va: number, vb: number): number => {
        const key = va < vb ? va * 4_194_304 + vb : vb * 4_194_304 + va;
        const cached = similarityCache.get(key);
        if (cached !== undefined) return cached;
        let result = 5;
        // "Streamtest7" and "Streamtest8" are two names, not one misspelt: no near level (nor a phonetic one).
        if (differOnlyInDigits(dict[va]!, dict[vb]!)) result = 5;
        else if (nickLevel && (formal(va) === formal(vb) || isDiminutiveOf(dict[va]!, dict[vb]!))) result = 1;
        else {
          const jw = jaroWinkler(dict[va]!, dict[vb]!);
          if (jw >= 0.92) result = 2;
          else if (soundAlike(codes(va), codes(vb))) result = 3;
          else if (jw >= 0.8) result = 4;
        }
        if (similarityCache.size > 2_000_000) similarityCache.clear();
        similarityCache.set(key, result);
        return result;
      };
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const s = similarity(va, vb);
        if (s === 1) return 2;
        if (s === 2) return 2 + nickLevel;
        if (swapLevel && swapped(a, b)) return 3 + nickLevel;
        return s + nickLevel + swapLevel;
      };
    }
    case "date": {
      const days = column.derive("days", dayNumber);
      const compact = column.derive("compact", (iso) => iso.replace(/-/g, ""));
      // The same date with day and month exchanged, as a value id (or -1 when no such value was stored when it was
      // first asked). Cached per value, so in an index that grows it is asked both ways: of two swapped twins, the one
      // derived later found the other.
      const swappedId = column.derive(
        "swapped",
        (iso) => column.idOf(`${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`) ?? -1,
      );
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        if (swappedId(va) === vb || swappedId(vb) === va) return 2;
        if (withinOneEdit(compact(va), compact(vb))) return 3;
        const distance = Math.abs(days(va) - days(vb));
        if (distance <= 366) return 4;
        if (distance <= 3653) return 5;
        return 6;
      };
    }
    case "email": {
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        // No "same local part" or fuzzy level: local parts are built from names ("lsmith"), so they agree for
        // namesakes and would count the name agreement a second time.
        // zed.stream7@ and zed.stream8@ are one edit apart but two accounts: digits differing is no typo level.
        return withinOneEdit(dict[va]!, dict[vb]!) && !differOnlyInDigits(dict[va]!, dict[vb]!) ? 2 : 3;
      };
    }
    case "phone": {
      const last7 = column.derive("last7", (e164) => e164.slice(-7));
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        // A number is all digits: one keyed wrong is the typo model of numbers (as for ids). Names and emails that
        // differ only in digits are kept apart, so a block of numbers (+15550100007, +15550100008) does not link alone.
        if (withinOneEdit(dict[va]!, dict[vb]!)) return 2;
        return last7(va) === last7(vb) ? 3 : 4;
      };
    }
    case "exact":
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        return va === vb ? 1 : 2;
      };
    case "string":
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const jw = jaroWinkler(dict[va]!, dict[vb]!);
        return jw >= 0.9 ? 2 : jw >= 0.75 ? 3 : 4;
      };
    case "postcode":
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const sa = dict[va]!;
        const sb = dict[vb]!;
        if (withinOneEdit(sa, sb)) return 2;
        return sa.slice(0, 3) === sb.slice(0, 3) ? 3 : 4;
      };
    case "id":
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        return withinOneEdit(dict[va]!, dict[vb]!) ? 2 : 3;
      };
    case "address":
      return compileAddressComparison(store);
    case "numeric": {
      const numberOf = column.derive("number", (text) => Number.parseFloat(text));
      return (a, b) => {
        const va = valueOf[a]!;
        const vb = valueOf[b]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        if (withinOneEdit(dict[va]!, dict[vb]!)) return 2;
        const na = numberOf(va);
        const nb = numberOf(vb);
        if (
          Number.isFinite(na) &&
          Number.isFinite(nb) &&
          Math.abs(na - nb) <= 0.1 * Math.max(Math.abs(na), Math.abs(nb))
        )
          return 3;
        return 4;
      };
    }
  }
}

/**
 * One comparison for the whole address (house number, street, postcode, city). Its parts agree together (strangers in
 * one postcode share the city and state too), so scoring them as independent comparisons would count one fact —
 * "same area" — three times over and link neighbours.
 */
function compileAddressComparison(store: RecordStore): LevelFunction {
  const street = store.columns.street;
  const number = store.columns.streetNumber.valueOf;
  const postcode = store.columns.postcode;
  const city = store.columns.city.valueOf;
  const streetOf = street.valueOf;
  return (a, b) => {
    const sa = streetOf[a]!;
    const sb = streetOf[b]!;
    const pa = postcode.valueOf[a]!;
    const pb = postcode.valueOf[b]!;
    const ca = city[a]!;
    const cb = city[b]!;
    const streets = sa !== NULL_VALUE && sb !== NULL_VALUE;
    const postcodes = pa !== NULL_VALUE && pb !== NULL_VALUE;
    const cities = ca !== NULL_VALUE && cb !== NULL_VALUE;
    if (!streets && !postcodes && !cities) return 0;
    const placeConflict = postcodes && pa !== pb && cities && ca !== cb;
    if (streets && !placeConflict) {
      const na = number[a]!;
      const nb = number[b]!;
      if (na === nb && sa === sb) return 1;
      if (
        na === nb &&
        na !== NULL_VALUE &&
        jaroWinkler(street.dictionary[sa]!, street.dictionary[sb]!) >= 0.88 &&
        !differOnlyInDigits(street.dictionary[sa]!, street.dictionary[sb]!)
      )
        return 2;
    }
    if (postcodes && pa === pb) return 3;
    if (
      (cities && ca === cb) ||
      (postcodes && withinOneEdit(postcode.dictionary[pa]!, postcode.dictionary[pb]!))
    )
      return 4;
    return 5;
  };
}

/** Every field a comparison reads: training leaves a comparison out of the EM sessions that block on any of them. */
export function comparisonFields(spec: ComparisonSpec): StandardField[] {
  return spec.kind === "address" ? ["street", "streetNumber", "postcode", "city", "state"] : [spec.field];
}

/** Level index of "exact" in every kind: where term-frequency adjustments apply. */
export const EXACT_LEVEL = 1;

const CANDIDATES: ComparisonSpec[] = [
  {
    name: "first_name",
    kind: "name",
    field: "firstName",
    nicknames: true,
    termFrequency: true,
    swappedWith: "lastName",
  },
  { name: "last_name", kind: "name", field: "lastName", termFrequency: true, swappedWith: "firstName" },
  { name: "dob", kind: "date", field: "dob" },
  { name: "gender", kind: "exact", field: "gender" },
  {
    name: "email",
    kind: "email",
    field: "email",
    termFrequency: true,
    dependsOn: ["first_name", "last_name"],
  },
  { name: "phone", kind: "phone", field: "phone" },
  { name: "name_suffix", kind: "exact", field: "nameSuffix" },
  { name: "address", kind: "address", field: "street" },
  { name: "national_id", kind: "id", field: "nationalId" },
];

/** The comparisons worth having for a dataset: one per field that at least `minFillRate` of records fill. */
export function defaultComparisons(store: RecordStore, minFillRate = 0.05): ComparisonSpec[] {
  return CANDIDATES.filter((spec) =>
    comparisonFields(spec).some(
      (field) => store.fillRate(field) >= (spec.field === "nameSuffix" ? 0.001 : minFillRate),
    ),
  );
}
