// Phone standardization to E.164 through libphonenumber-js, with a configurable default region.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

// The North American Numbering Plan: +1, then a 3-digit area code and a 7-digit number, neither starting 0 or 1.
// For regions in it, a number of exactly that shape is what libphonenumber would return as possible, without its
// search of which NANP country the number belongs to (the costliest step, and irrelevant to E.164).
const NANP_REGIONS = new Set(["US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM", "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI"]);
const NANP_SHAPE = /^(?:\+?1|001)?([2-9]\d{2}[2-9]\d{6})$/;

// Sources repeat the same numbers (households, re-imports); parsing is the costliest standardizer, so remember.
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 200_000;

/** E.164 ("+17029191300") or null when the text cannot be a phone number in the given default region. */
export function standardizePhone(raw: string | null | undefined, defaultRegion: CountryCode = "US"): string | null {
  if (!raw) return null;
  const key = `${defaultRegion}|${raw}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  const compact = raw.replace(/[\s().\-/]/g, "");
  const nanp = NANP_REGIONS.has(defaultRegion) || compact.startsWith("+1") ? NANP_SHAPE.exec(compact) : null;
  if (nanp) return `+1${nanp[1]}`;
  // International "00" prefix, which libphonenumber only reads as such with a region that uses it.
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  if (/\d/.test(text) && text.length <= 40) {
    try {
      const parsed = parsePhoneNumberFromString(text, defaultRegion);
      if (parsed?.isPossible()) result = parsed.number;
    } catch {
      result = null;
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

export type { CountryCode };
