// Person-name standardization: folding, titles and suffixes, "Last, First" and full-name splitting.
import { memoizeText } from "./memo";
import { foldText } from "./text";

const TITLES = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "professor",
  "sir",
  "dame",
  "lady",
  "lord",
  "rev",
  "reverend",
  "fr",
  "father",
  "sr",
  "sister",
  "capt",
  "captain",
  "col",
  "gen",
  "lt",
  "maj",
  "hon",
  "mme",
  "mlle",
  "herr",
  "frau",
]);
// "sr" doubles as a title (Sister) and a suffix (Senior); at the end of a name it is the suffix.
const SUFFIXES = new Set([
  "jr",
  "jnr",
  "junior",
  "sr",
  "snr",
  "senior",
  "ii",
  "iii",
  "iv",
  "v",
  "phd",
  "md",
  "esq",
  "dds",
  "cpa",
  "mba",
  "jd",
  "rn",
]);
const GENERATION_SUFFIX: Record<string, string> = {
  jr: "jr",
  jnr: "jr",
  junior: "jr",
  sr: "sr",
  snr: "sr",
  senior: "sr",
  ii: "ii",
  iii: "iii",
  iv: "iv",
  v: "v",
};
// Particles that belong to the surname that follows them ("van der Berg", "de la Cruz").
const SURNAME_PARTICLES = new Set([
  "van",
  "von",
  "der",
  "den",
  "de",
  "del",
  "della",
  "di",
  "da",
  "la",
  "le",
  "du",
  "dos",
  "das",
  "st",
  "bin",
  "al",
  "ben",
  "ter",
  "ten",
]);

export interface StandardName {
  first: string | null;
  middle: string | null;
  last: string | null;
  /** Generation suffix (jr, sr, ii...) which tells a father from a son of the same name. */
  suffix: string | null;
}

function stripTitlesAndSuffixes(tokens: string[]): { tokens: string[]; suffix: string | null } {
  let start = 0;
  while (start < tokens.length - 1 && TITLES.has(tokens[start]!)) start++;
  let end = tokens.length;
  let suffix: string | null = null;
  while (end > start + 1 && SUFFIXES.has(tokens[end - 1]!)) {
    suffix ??= GENERATION_SUFFIX[tokens[end - 1]!] ?? null;
    end--;
  }
  return { tokens: tokens.slice(start, end), suffix };
}

/** One name part (given name or surname) folded; titles and suffixes dropped; null when nothing is left. */
export function standardizeNamePart(raw: string | null | undefined): string | null {
  return raw ? namePartMemo(raw) : null;
}

const namePartMemo = memoizeText((raw: string): string | null => {
  const { tokens } = stripTitlesAndSuffixes(foldText(raw).split(" ").filter(Boolean));
  const joined = tokens.join(" ");
  return joined === "" ? null : joined;
});

const suffixMemo = memoizeText(
  (raw: string): string | null => stripTitlesAndSuffixes(foldText(raw).split(" ").filter(Boolean)).suffix,
);

/** Splits a full name: "Smith, John A" (Last, First), "Dr John A. Smith Jr." or "John van der Berg". */
export function splitFullName(raw: string | null | undefined): StandardName {
  return raw ? fullNameMemo(raw) : { first: null, middle: null, last: null, suffix: null };
}

const fullNameMemo = memoizeText((raw: string): StandardName => {
  const empty: StandardName = { first: null, middle: null, last: null, suffix: null };
  const commaAt = raw.indexOf(",");
  if (commaAt >= 0) {
    const before = foldText(raw.slice(0, commaAt), true).split(" ").filter(Boolean);
    const after = foldText(raw.slice(commaAt + 1), true)
      .split(" ")
      .filter(Boolean);
    const afterStripped = stripTitlesAndSuffixes(after);
    // "John Smith, Jr." has a suffix after the comma, not "Last, First".
    if (after.length === 0 || after.every((t) => SUFFIXES.has(t))) {
      const result = splitFullName(raw.slice(0, commaAt));
      return {
        ...result,
        suffix: result.suffix ?? after.map((t) => GENERATION_SUFFIX[t]).find(Boolean) ?? null,
      };
    }
    const last = stripTitlesAndSuffixes(before);
    const firstPart = afterStripped;
    const [first, ...middle] = firstPart.tokens.map((t) => t.replace(/-/g, " "));
    return {
      first: first ?? null,
      middle: middle.length ? middle.join(" ") : null,
      last: last.tokens.length ? last.tokens.join(" ").replace(/-/g, " ") : null,
      suffix: firstPart.suffix ?? last.suffix,
    };
  }
  const { tokens: hyphenated, suffix } = stripTitlesAndSuffixes(
    foldText(raw, true).split(" ").filter(Boolean),
  );
  // Hyphens only served to keep a double-barrelled name one token while splitting.
  const tokens = hyphenated.map((t) => t.replace(/-/g, " "));
  if (tokens.length === 0) return { ...empty, suffix };
  if (tokens.length === 1) return { first: tokens[0]!, middle: null, last: null, suffix };
  let lastStart = tokens.length - 1;
  while (lastStart > 1 && SURNAME_PARTICLES.has(tokens[lastStart - 1]!)) lastStart--;
  return {
    first: tokens[0]!,
    middle: lastStart > 1 ? tokens.slice(1, lastStart).join(" ") : null,
    last: tokens.slice(lastStart).join(" "),
    suffix,
  };
});

/**
 * Standardizes the name fields of one record. Separate first/last fields win; a full name fills what they
 * leave empty. A first-name field holding "Smith, John" (Last, First typed into one box) is split as well.
 */
export function standardizeName(parts: {
  first?: string | null;
  middle?: string | null;
  last?: string | null;
  full?: string | null;
}): StandardName {
  let first = parts.first ?? null;
  const last = parts.last ?? null;
  let fromFull: StandardName | null = null;
  if (first && !last && first.includes(",")) {
    fromFull = splitFullName(first);
    first = null;
  } else if (parts.full) {
    fromFull = splitFullName(parts.full);
  }
  const suffixFromLast = last ? suffixMemo(last) : null;
  const firstStd = standardizeNamePart(first);
  const lastStd = standardizeNamePart(last);
  // A given-name field with two words ("Mary Ann") keeps the first as the given name, the rest as middle.
  const [firstToken, ...firstRest] = firstStd ? firstStd.split(" ") : [];
  const middle = standardizeNamePart(parts.middle) ?? (firstRest.length ? firstRest.join(" ") : null);
  return {
    first: firstToken ?? fromFull?.first ?? null,
    middle: middle ?? fromFull?.middle ?? null,
    last: lastStd ?? fromFull?.last ?? null,
    suffix: suffixFromLast ?? fromFull?.suffix ?? null,
  };
}
