// Phone standardization to E.164 through libphonenumber-js, with a configurable default region.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

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
