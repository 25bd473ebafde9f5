// Turns a standardized value (folded, lower-case: the form matching compares) into what a business user reads.
import { standardizeNamePart } from "@c360/matching/standardize/names";
import { onForgetMemoizedText } from "@c360/matching/standardize/memo";
import { foldText } from "@c360/matching/standardize/text";

// Name particles stay lower case inside a name ("Ludwig van Beethoven", "Maria de la Cruz").
const PARTICLES = new Set([
  "van",
  "von",
  "der",
  "den",
  "de",
  "da",
  "di",
  "du",
  "la",
  "le",
  "del",
  "della",
  "dos",
  "das",
  "ten",
  "ter",
]);

// Names, streets and cities repeat across profiles; a batch run formats each spelling once. Bounded, then cleared.
const MEMO_LIMIT = 100_000;

/** Remembers a formatter's results per (standard, raw) pair. */
export function memoizeFormatter(format: (standard: string, raw: string | null) => string) {
  const memo = new Map<string, string>();
  onForgetMemoizedText(() => memo.clear());
  return (standard: string, raw: string | null): string => {
    const key = raw === null ? standard : `${standard}\u0000${raw}`;
    let value = memo.get(key);
    if (value === undefined) {
      value = format(standard, raw);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}

function capitalize(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}

/** "mary ann van der berg" -> "Mary Ann van der Berg"; hyphenated parts are each capitalised. */
export function titleCase(text: string, keepParticles = false): string {
  const words = text.split(" ");
  return words
    .map((word, i) =>
      keepParticles && words.length > 1 && i < words.length - 1 && PARTICLES.has(word)
        ? word
        : word.split("-").map(capitalize).join("-"),
    )
    .join(" ");
}

function hasMixedCase(text: string): boolean {
  return text !== text.toLowerCase() && text !== text.toUpperCase();
}

/**
 * The record's own spelling when it says the same thing as the standardized value and was typed with care
 * (mixed case keeps "José", "O'Brien-Smith", "McDonald"); otherwise the standardized value title-cased.
 */
function preferRawSpelling(
  standard: string,
  raw: string | null,
  sameValue: (raw: string) => boolean,
  fallback: () => string,
): string {
  if (raw !== null) {
    const trimmed = raw.trim().replace(/\s+/g, " ");
    // "John" for "john": a plain ASCII spelling is recognised without folding.
    if (hasMixedCase(trimmed) && (trimmed.toLowerCase() === standard || sameValue(trimmed))) return trimmed;
  }
  return fallback() || standard;
}

export const formatName = memoizeFormatter((standard, raw) =>
  preferRawSpelling(
    standard,
    raw,
    (text) => standardizeNamePart(text) === standard,
    () => titleCase(standard, true),
  ),
);

export const formatPlace = memoizeFormatter((standard, raw) =>
  preferRawSpelling(
    standard,
    raw,
    (text) => foldText(text) === standard,
    () => titleCase(standard),
  ),
);

/** Codes ("nv", "us", "gbr") upper-case; spelled-out names title-cased. */
export function formatRegion(standard: string, raw: string | null): string {
  if (standard.length <= 3 && !standard.includes(" ")) return standard.toUpperCase();
  return formatPlace(standard, raw);
}

export function formatGender(standard: string): string {
  if (standard === "m") return "Male";
  if (standard === "f") return "Female";
  return titleCase(standard);
}

export function formatUnit(standard: string, raw: string | null): string {
  if (raw !== null && raw.trim() !== "" && foldText(raw).includes(standard))
    return raw.trim().replace(/\s+/g, " ");
  return /^\d/.test(standard) ? `Unit ${standard}` : titleCase(standard);
}

/** The national id as the source wrote it when it is the same id, else upper-case alphanumerics. */
export function formatNationalId(standard: string, raw: string | null): string {
  if (raw !== null && raw.toLowerCase().replace(/[^a-z0-9]/g, "") === standard) return raw.trim();
  return standard.toUpperCase();
}
