// The comparison kernel: the levels of compileComparison (the reference, in comparisons.ts), computed from the
// store's record-major rows of value ids. Per pair it reads two 64-byte rows instead of one array per field and
// record, compares value ids before any text, and keeps the string-similarity verdicts of value pairs it has seen in
// open-addressing tables of integers (no Map, no allocation per pair). kernel.test.ts checks it gives exactly the
// reference's levels on random data.
import { dayNumber } from "../standardize/dates";
import { formalGivenName, isDiminutiveOf } from "../standardize/nicknames";
import { FIELD_SLOT, NULL_VALUE, type RecordStore } from "../store";
import type { ComparisonSpec } from "./comparisons";
import { metaphoneCodes, soundAlike } from "./phonetic";
import { differOnlyInDigits, jaroWinkler, withinOneEdit } from "./string-distance";

/** Level of a pair given the store's rows and the two records' row offsets (position x ROW_STRIDE). */
export type RowLevelFunction = (rows: Int32Array, ra: number, rb: number) => number;

/**
 * A cache of small verdicts (0-254) per unordered pair of value ids: open addressing over typed arrays. When half
 * full it is emptied (the verdicts are pure functions of the two values, so forgetting only costs time).
 */
export class PairVerdictCache {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private verdicts: Uint8Array;
  private mask: number;
  private used = 0;

  constructor(
    bits = 16,
    private readonly maxBits = 22,
  ) {
    const capacity = 1 << bits;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.verdicts = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The verdict stored for (a, b) with a <= b, or 255 when none is. */
  get(a: number, b: number): number {
    const keysA = this.keysA;
    let i = this.slot(a, b);
    for (;;) {
      const ka = keysA[i]!;
      if (ka === -1) return 255;
      if (ka === a && this.keysB[i] === b) return this.verdicts[i]!;
      i = (i + 1) & this.mask;
    }
  }

  set(a: number, b: number, verdict: number): void {
    if ((this.used + 1) * 2 > this.keysA.length) {
      const bits = Math.min(Math.log2(this.keysA.length) + 1, this.maxBits);
      const capacity = 1 << bits;
      this.keysA = new Int32Array(capacity).fill(-1);
      this.keysB = new Int32Array(capacity);
      this.verdicts = new Uint8Array(capacity);
      this.mask = capacity - 1;
      this.used = 0;
    }
    let i = this.slot(a, b);
    while (this.keysA[i] !== -1) i = (i + 1) & this.mask;
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.verdicts[i] = verdict;
    this.used++;
  }
}

/** The kernel of one comparison: same levels as compileComparison(spec, store) for every pair. */
export function compileKernel(spec: ComparisonSpec, store: RecordStore): RowLevelFunction {
  const column = store.columns[spec.field];
  const slot = FIELD_SLOT[spec.field];
  const dict = column.dictionary;
  switch (spec.kind) {
    case "name": {
      const formal = column.derive("formal", formalGivenName);
      const codes = column.derive("metaphone", metaphoneCodes);
      const nickLevel = spec.nicknames ? 1 : 0;
      const swapLevel = spec.swappedWith ? 1 : 0;
      const other = spec.swappedWith ? store.columns[spec.swappedWith] : null;
      const otherSlot = spec.swappedWith ? FIELD_SLOT[spec.swappedWith] : slot;
      const cache = new PairVerdictCache();
      // 1 nickname, 2 jaro-winkler >= 0.92, 3 phonetic, 4 jaro-winkler >= 0.80, 5 else (as the reference).
      const similarity = (va: number, vb: number): number => {
        const lo = va < vb ? va : vb;
        const hi = va < vb ? vb : va;
        const cached = cache.get(lo, hi);
        if (cached !== 255) return cached;
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
        cache.set(lo, hi, result);
        return result;
      };
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const s = similarity(va, vb);
        if (s === 1) return 2;
        if (s === 2) return 2 + nickLevel;
        if (swapLevel) {
          const oa = rows[ra + otherSlot]!;
          const ob = rows[rb + otherSlot]!;
          if (
            oa !== NULL_VALUE &&
            ob !== NULL_VALUE &&
            dict[va] === other!.dictionary[ob] &&
            dict[vb] === other!.dictionary[oa]
          )
            return 3 + nickLevel;
        }
        return s + nickLevel + swapLevel;
      };
    }
    case "date": {
      const days = column.derive("days", dayNumber);
      const compact = column.derive("compact", (iso) => iso.replace(/-/g, ""));
      const swappedId = column.derive(
        "swapped",
        (iso) => column.idOf(`${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`) ?? -1,
      );
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
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
    case "email":
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        return withinOneEdit(dict[va]!, dict[vb]!) && !differOnlyInDigits(dict[va]!, dict[vb]!) ? 2 : 3;
      };
    case "id":
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        return withinOneEdit(dict[va]!, dict[vb]!) ? 2 : 3;
      };
    case "phone": {
      const last7 = column.derive("last7", (e164) => e164.slice(-7));
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        // A number is all digits: one keyed wrong is the typo model of numbers (as for ids). Names and emails that
        // differ only in digits are kept apart, so a block of numbers (+15550100007, +15550100008) does not link alone.
        if (withinOneEdit(dict[va]!, dict[vb]!)) return 2;
        return last7(va) === last7(vb) ? 3 : 4;
      };
    }
    case "exact":
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        return va === vb ? 1 : 2;
      };
    case "string": {
      const cache = new PairVerdictCache();
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const lo = va < vb ? va : vb;
        const hi = va < vb ? vb : va;
        let level = cache.get(lo, hi);
        if (level === 255) {
          const jw = jaroWinkler(dict[va]!, dict[vb]!);
          level = jw >= 0.9 ? 2 : jw >= 0.75 ? 3 : 4;
          cache.set(lo, hi, level);
        }
        return level;
      };
    }
    case "postcode":
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
        if (va === NULL_VALUE || vb === NULL_VALUE) return 0;
        if (va === vb) return 1;
        const sa = dict[va]!;
        const sb = dict[vb]!;
        if (withinOneEdit(sa, sb)) return 2;
        return sa.slice(0, 3) === sb.slice(0, 3) ? 3 : 4;
      };
    case "address":
      return compileAddressKernel(store);
    case "numeric": {
      const numberOf = column.derive("number", (text) => Number.parseFloat(text));
      return (rows, ra, rb) => {
        const va = rows[ra + slot]!;
        const vb = rows[rb + slot]!;
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

function compileAddressKernel(store: RecordStore): RowLevelFunction {
  const streets = store.columns.street.dictionary;
  const postcodes = store.columns.postcode.dictionary;
  const S = FIELD_SLOT.street;
  const N = FIELD_SLOT.streetNumber;
  const P = FIELD_SLOT.postcode;
  const C = FIELD_SLOT.city;
  // Verdicts per pair of streets (1: jaro-winkler >= 0.88) and of postcodes (1: within one edit).
  const streetCache = new PairVerdictCache();
  const postcodeCache = new PairVerdictCache();
  const similarStreets = (sa: number, sb: number): boolean => {
    const lo = sa < sb ? sa : sb;
    const hi = sa < sb ? sb : sa;
    let verdict = streetCache.get(lo, hi);
    if (verdict === 255)
      streetCache.set(
        lo,
        hi,
        (verdict =
          jaroWinkler(streets[sa]!, streets[sb]!) >= 0.88 && !differOnlyInDigits(streets[sa]!, streets[sb]!)
            ? 1
            : 0),
      );
    return verdict === 1;
  };
  const nearPostcodes = (pa: number, pb: number): boolean => {
    const lo = pa < pb ? pa : pb;
    const hi = pa < pb ? pb : pa;
    let verdict = postcodeCache.get(lo, hi);
    if (verdict === 255)
      postcodeCache.set(lo, hi, (verdict = withinOneEdit(postcodes[pa]!, postcodes[pb]!) ? 1 : 0));
    return verdict === 1;
  };
  return (rows, ra, rb) => {
    const sa = rows[ra + S]!;
    const sb = rows[rb + S]!;
    const pa = rows[ra + P]!;
    const pb = rows[rb + P]!;
    const ca = rows[ra + C]!;
    const cb = rows[rb + C]!;
    const hasStreets = sa !== NULL_VALUE && sb !== NULL_VALUE;
    const hasPostcodes = pa !== NULL_VALUE && pb !== NULL_VALUE;
    const hasCities = ca !== NULL_VALUE && cb !== NULL_VALUE;
    if (!hasStreets && !hasPostcodes && !hasCities) return 0;
    const placeConflict = hasPostcodes && pa !== pb && hasCities && ca !== cb;
    if (hasStreets && !placeConflict) {
      const na = rows[ra + N]!;
      const nb = rows[rb + N]!;
      if (na === nb && sa === sb) return 1;
      if (na === nb && na !== NULL_VALUE && similarStreets(sa, sb)) return 2;
    }
    if (hasPostcodes && pa === pb) return 3;
    if ((hasCities && ca === cb) || (hasPostcodes && nearPostcodes(pa, pb))) return 4;
    return 5;
  };
}
