// Removes a subject's identifying strings from free text and JSON that must itself be kept (audit details,
// merge-history snapshots, notes), leaving everything else as it was.
import { piiKindOfKey } from "../profiles/mask-pii";

export const REDACTED = "[erased]";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Shorter strings ("Li", "M") would cut into unrelated words; the rows that hold them are deleted instead. */
const MIN_NEEDLE_LENGTH = 3;

/** Canonical fields and raw keys whose values identify a person (names, contact points, birth date, address, ids). */
const IDENTIFYING_STANDARD_FIELDS = [
  "email",
  "phone",
  "firstName",
  "middleName",
  "lastName",
  "dob",
  "street",
  "nationalId",
];

function isNameKey(key: string): boolean {
  return /name/i.test(key);
}

/** The identifying strings of one record: raw values under identifying keys, and their standardized spellings. */
export function needlesOfRecord(record: {
  externalId: string;
  raw: Record<string, unknown>;
  standardized: Record<string, unknown>;
}): string[] {
  const out = [record.externalId];
  for (const [key, value] of Object.entries(record.raw)) {
    if (typeof value === "string" && (piiKindOfKey(key) || isNameKey(key))) out.push(value);
  }
  for (const field of IDENTIFYING_STANDARD_FIELDS) {
    const value = record.standardized[field];
    if (typeof value === "string") out.push(value);
  }
  return out;
}

/** Distinct, trimmed, long enough, longest first (so "Ann Lee" goes before "Ann"). */
export function normaliseNeedles(values: readonly (string | null | undefined)[]): string[] {
  const set = new Map<string, string>();
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= MIN_NEEDLE_LENGTH && !UUID.test(trimmed))
      set.set(trimmed.toLowerCase(), trimmed);
  }
  return [...set.values()].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One pattern for all needles, whole words only, any case. Null when there is nothing to look for. */
export function needlePattern(needles: readonly string[]): RegExp | null {
  if (needles.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

export function redactText(text: string, pattern: RegExp | null): string {
  if (!pattern || UUID.test(text)) return text;
  return text.replace(pattern, REDACTED);
}

/** Walks JSON and redacts every string value and every object key that holds a needle. */
export function redactJson(value: unknown, pattern: RegExp | null): unknown {
  if (!pattern) return value;
  if (typeof value === "string") return redactText(value, pattern);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, pattern));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        redactText(key, pattern),
        redactJson(item, pattern),
      ]),
    );
  }
  return value;
}

/** For a SQL prefilter: `column::text ilike any(patterns)` finds the rows worth walking. */
export function ilikePatterns(needles: readonly string[]): string[] {
  return needles.map((needle) => `%${needle.replace(/[\\%_]/g, "\\$&")}%`);
}
