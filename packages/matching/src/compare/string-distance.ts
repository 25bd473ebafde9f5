// String similarity for comparison levels: Jaro-Winkler, Levenshtein and (optimal string alignment) Damerau-Levenshtein.
// Jaro-Winkler and the bounded edit check are written here because the hot loop scores millions of pairs and
// no package offers them allocation-free; plain Levenshtein comes from fastest-levenshtein (Myers' bit-parallel
// algorithm), which bench/string-distance.ts shows is faster than a dynamic-programming version of our own.
import { distance } from "fastest-levenshtein";

let rowPrev = new Int32Array(64);
let rowCurr = new Int32Array(64);
let rowPrev2 = new Int32Array(64);

function ensureScratch(length: number): void {
  if (length < rowPrev.length) return;
  const size = Math.max(length + 1, rowPrev.length * 2);
  rowPrev = new Int32Array(size);
  rowCurr = new Int32Array(size);
  rowPrev2 = new Int32Array(size);
}

// Jaro match flags as "stamps": a slot is flagged when it holds the current call's stamp, so no clearing per call.
const JARO_MAX = 256;
const stampA = new Int32Array(JARO_MAX);
const stampB = new Int32Array(JARO_MAX);
let stamp = 0;

/** Jaro similarity in [0, 1]; 1 for two equal strings (two empty strings included). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > JARO_MAX || lb > JARO_MAX) return jaro(a.slice(0, JARO_MAX), b.slice(0, JARO_MAX));
  if (stamp === 0x7fffffff) {
    stampA.fill(0);
    stampB.fill(0);
    stamp = 0;
  }
  const s = ++stamp;
  const window = Math.max(0, (la > lb ? la : lb) / 2 - 1) | 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i - window > 0 ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (stampB[j] !== s && b.charCodeAt(j) === ca) {
        stampA[i] = s;
        stampB[j] = s;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (stampA[i] !== s) continue;
    while (stampB[k] !== s) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  return (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity in [0, 1] with the usual prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** Levenshtein edit distance (insert, delete, substitute). */
export function levenshtein(a: string, b: string): number {
  return a === b ? 0 : distance(a, b);
}

/**
 * True when at most one edit (insert, delete, substitute or swap two adjacent characters) turns a into b: the
 * Damerau-Levenshtein "<= 1" level in linear time, which is all most comparison levels ask.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < b.length) return withinOneEdit(b, a);
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1) return false;
  let i = 0;
  while (i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la !== lb) {
    // One character inserted at i: the rest of a after it equals the rest of b.
    for (let j = i; j < lb; j++) if (a.charCodeAt(j + 1) !== b.charCodeAt(j)) return false;
    return true;
  }
  // Same length, first difference at i: a substitution, or a swap of i and i+1; the rest must be equal.
  let from = i + 1;
  if (i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i))
    from = i + 2;
  for (let j = from; j < la; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
  return true;
}

/** Damerau-Levenshtein distance, optimal-string-alignment variant: an adjacent transposition costs 1. */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length < b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (lb === 0) return la;
  ensureScratch(Math.max(la, lb));
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCurr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let best = rowPrev[j - 1]! + (ca === cb ? 0 : 1);
      const del = rowPrev[j]! + 1;
      const ins = rowCurr[j - 1]! + 1;
      if (del < best) best = del;
      if (ins < best) best = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const swap = rowPrev2[j - 2]! + 1;
        if (swap < best) best = swap;
      }
      rowCurr[j] = best;
    }
    const oldest = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCurr;
    rowCurr = oldest;
  }
  return rowPrev[lb]!;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * True when a and b differ and are the same text once their digits are left out ("streamtest7" and "streamtest8",
 * "zed.stream7@" and "zed.stream12@", "zed.stream@" and "zed.stream7@"): the difference is all in digits, and
 * digits in a name or an address are identifiers (an account, a sequence, a house), not typos. Comparisons do not
 * count such a pair as nearly agreeing, however close the two strings are.
 */
export function differOnlyInDigits(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  let digits = false;
  for (;;) {
    while (i < la && isDigit(a.charCodeAt(i))) {
      i++;
      digits = true;
    }
    while (j < lb && isDigit(b.charCodeAt(j))) {
      j++;
      digits = true;
    }
    if (i === la || j === lb) return i === la && j === lb && digits;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}
