// Phone standardization to E.164 through libphonenumber-js, with a configurable default region.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

// The North American Numbering Plan: +1, then a 3-digit area code and a 7-digit number, neither starting 0 or 1.
// For regions in it, a number of exactly that shape is what libphonenumber would return as possible, without its
// search of which NANP country the number belongs to (the costliest step, and irrelevant to E.164).
const NANP_REGIONS = new Set([
  "US",
  "CA",
  "AG",
  "AI",
  "AS",
  "BB",
  "BM",
  "BS",
  "DM",
  "DO",
  "GD",
  "GU",
  "JM",
  "KN",
  "KY",
  "LC",
  "MP",
  "MS",
  "PR",
  "SX",
  "TC",
  "TT",
  "VC",
  "VG",
  "VI",
]);
const NANP_SHAPE = /^(?:\+?1|001)?([2-9]\d{2}[2-9]\d{6})$/;

// Most numbers are plain NANP shapes that a cheap normaliser decides; the rest go to libphonenumber, the authority
// and the costliest step, whose answers are remembered per default region (sources repeat the odd spellings too).
const caches = new Map<CountryCode, Map<string, string | null>>();
const CACHE_LIMIT = 200_000;
const PUNCTUATION = /[\s().\-/]/g;

/** E.164 ("+17029191300") or null when the text cannot be a phone number in the given default region. */
export function standardizePhone(
  raw: string | null | undefined,
  defaultRegion: CountryCode = "US",
): string | null {
  if (!raw) return null;
  const compact = raw.replace(PUNCTUATION, "");
  const nanp = NANP_REGIONS.has(defaultRegion) || compact.startsWith("+1") ? NANP_SHAPE.exec(compact) : null;
  if (nanp) return `+1${nanp[1]}`;
  let cache = caches.get(defaultRegion);
  if (!cache) caches.set(defaultRegion, (cache = new Map<string, string | null>()));
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const result = parseWithLibphonenumber(raw, defaultRegion);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, result);
  return result;
}

function parseWithLibphonenumber(raw: string, defaultRegion: CountryCode): string | null {
  // International "00" prefix, which libphonenumber only reads as such with a region that uses it.
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  if (!/\d/.test(text) || text.length > 40) return null;
  try {
    const parsed = parsePhoneNumberFromString(text, defaultRegion);
    return parsed?.isPossible() ? parsed.number : null;
  } catch {
    return null;
  }
}

export type { CountryCode };
