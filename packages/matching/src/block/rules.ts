// Blocking rules and their keys: each rule is a key built from standardized fields (exact, phonetic, formal given
// name, initial, prefix, year, sorted digits); records sharing a rule's key become candidate pairs
// (candidate-pairs.ts). The default rules come in order of precision.
import { metaphoneCodes } from "../compare/phonetic";
import { formalGivenName } from "../standardize/nicknames";
import type { StandardField } from "../standardize/record";
import { NULL_VALUE, type FieldColumn, type RecordStore } from "../store";

export type KeyTransform =
  "exact" | "metaphone" | "formal" | "initial" | "prefix3" | "year" | "sorted-digits";

export interface BlockingRule {
  name: string;
  parts: { field: StandardField; transform?: KeyTransform }[];
  /**
   * When the rule's pairs exceed the bound: "trim" drops its largest blocks until it fits (a precise rule, whose
   * big blocks are common names); "skip" drops the rule (a loose rule, useful only on small data). Default trim.
   */
  ifTooLarge?: "trim" | "skip";
  /**
   * false: do not run an EM session on this rule's pairs. Rules on what a household shares (phone, address,
   * surname) select mostly relatives, whom EM would learn as "matches".
   */
  train?: boolean;
}

const TRANSFORMS: Record<KeyTransform, (value: string) => string> = {
  exact: (v) => v,
  metaphone: (v) => metaphoneCodes(v)[0] || v,
  formal: formalGivenName,
  initial: (v) => v.slice(0, 1),
  prefix3: (v) => v.slice(0, 3),
  year: (v) => v.slice(0, 4),
  "sorted-digits": (v) => v.replace(/\D/g, "").split("").sort().join(""),
};

/** A function giving a record's blocking key for a rule, or null when a field it needs is missing. */
export function blockingKeyFunction(
  rule: BlockingRule,
  store: RecordStore,
): (position: number) => string | null {
  const parts = rule.parts.map(({ field, transform = "exact" }) => {
    const column = store.columns[field];
    const derived = column.derive(`block:${transform}`, TRANSFORMS[transform]);
    return { valueOf: column.valueOf, derived };
  });
  return (position) => {
    let key = "";
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const id = part.valueOf[position]!;
      if (id === NULL_VALUE) return null;
      const text = part.derived(id);
      if (text === "") return null;
      key = i === 0 ? text : key + "\u0001" + text;
    }
    return key;
  };
}

// Per column and transform, the id of each transformed key part, so two-part keys become one number.
/**
 * Ids of transformed key parts ("william" for Bill, a metaphone code), per column and transform. Each id counts the
 * stored values that derive it; when the last is released (clear) its text is dropped, so an erased person's name
 * leaves a long-lived store with them. Ids are never given out again.
 */
interface PartTable {
  ids: Map<string, number>;
  texts: string[];
  refs: number[];
}
const partTables = new WeakMap<FieldColumn, Map<string, PartTable>>();

/**
 * A function giving the id of one part of a record's blocking key (-1 when the record has none): equal ids, equal
 * transformed text. An exact part's id is the value's own id in the store, so it costs no table of its own.
 */
export function keyPartIdFunction(
  part: BlockingRule["parts"][number],
  store: RecordStore,
): (position: number) => number {
  const transform = part.transform ?? "exact";
  const column = store.columns[part.field];
  if (transform === "exact") {
    const valueOf = column.valueOf;
    const dictionary = column.dictionary;
    return (position) => {
      const valueId = valueOf[position]!;
      return valueId === NULL_VALUE || dictionary[valueId] === "" ? -1 : valueId;
    };
  }
  let byTransform = partTables.get(column);
  if (!byTransform) partTables.set(column, (byTransform = new Map<string, PartTable>()));
  let table = byTransform.get(transform);
  if (!table) byTransform.set(transform, (table = { ids: new Map(), texts: [], refs: [] }));
  const { ids, texts, refs } = table;
  const idOfValue = column.derive(
    `block-part:${transform}`,
    (value) => {
      const text = TRANSFORMS[transform](value);
      if (text === "") return -1;
      let id = ids.get(text);
      if (id === undefined) {
        ids.set(text, (id = texts.length));
        texts.push(text);
        refs.push(0);
      }
      refs[id]!++;
      return id;
    },
    (id) => {
      if (id < 0 || --refs[id]! > 0) return;
      ids.delete(texts[id]!);
      texts[id] = "";
    },
  );
  const valueOf = column.valueOf;
  return (position) => {
    const valueId = valueOf[position]!;
    return valueId === NULL_VALUE ? -1 : idOfValue(valueId);
  };
}

/** Part ids stay below this, so two of them make one number key (candidate-pairs.ts). */
export const PART_RANGE = 2 ** 24;

const CANDIDATE_RULES: BlockingRule[] = [
  // Most precise first: under the total pair bound the loose rules at the end are the first to go.
  { name: "email", parts: [{ field: "email" }] },
  { name: "phone", parts: [{ field: "phone" }], train: false },
  { name: "national_id", parts: [{ field: "nationalId" }] },
  { name: "last_name+dob", parts: [{ field: "lastName", transform: "metaphone" }, { field: "dob" }] },
  { name: "first_name+dob", parts: [{ field: "firstName", transform: "formal" }, { field: "dob" }] },
  { name: "dob+postcode", parts: [{ field: "dob" }, { field: "postcode" }] },
  { name: "postcode+street_number", parts: [{ field: "postcode" }, { field: "streetNumber" }], train: false },
  {
    name: "first_name+last_name",
    parts: [
      { field: "firstName", transform: "formal" },
      { field: "lastName", transform: "metaphone" },
    ],
  },
  // Not trained on: a surname and an initial are what a household's members share (John and Jane Smith at one address),
  // and EM over its pairs learnt their disagreeing birth dates as what matches look like (m of "dob else" 0.15).
  {
    name: "last_name+first_initial",
    parts: [{ field: "lastName" }, { field: "firstName", transform: "initial" }],
    train: false,
  },
  {
    name: "first_name+postcode",
    parts: [{ field: "firstName", transform: "formal" }, { field: "postcode" }],
  },
  {
    name: "last_name+postcode",
    parts: [{ field: "lastName", transform: "metaphone" }, { field: "postcode" }],
    train: false,
  },
  {
    name: "last_name+city",
    parts: [{ field: "lastName", transform: "metaphone" }, { field: "city" }],
    train: false,
  },
  // Loose single-field rules: they find heavily corrupted duplicates in small data and are skipped (with a
  // warning) by the pair bound where the data is too large for them.
  { name: "dob", parts: [{ field: "dob" }], ifTooLarge: "skip" },
  {
    name: "last_name",
    parts: [{ field: "lastName", transform: "metaphone" }],
    train: false,
    ifTooLarge: "skip",
  },
  { name: "first_name", parts: [{ field: "firstName", transform: "formal" }], ifTooLarge: "skip" },
  { name: "postcode", parts: [{ field: "postcode" }], train: false, ifTooLarge: "skip" },
];

/** Blocking rules whose fields the dataset fills (at least `minFillRate` of records). */
export function defaultBlockingRules(store: RecordStore, minFillRate = 0.05): BlockingRule[] {
  return CANDIDATE_RULES.filter((rule) => rule.parts.every((p) => store.fillRate(p.field) >= minFillRate));
}

/** The fields a rule reads: training does not estimate m for comparisons of these fields from the rule's pairs. */
export function ruleFields(rule: BlockingRule): Set<StandardField> {
  return new Set(rule.parts.map((p) => p.field));
}
