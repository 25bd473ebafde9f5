// The ways real exports spell and misspell the same value: typos, casing, nicknames, phone and date formats.
import { nicknamesOf } from "../standardize/nicknames";
import { randomInt, type Random } from "../prng";

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)]!;
}

/** Index into a list of n items with Zipf-like skew: a few very common values, a long tail of rare ones. */
export function zipfIndex(random: Random, n: number, exponent = 1.1): number {
  // Inverse of the continuous power-law CDF, cut to the list.
  const u = random();
  const x = Math.pow(1 - u * (1 - Math.pow(n, 1 - exponent)), 1 / (1 - exponent));
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: "qs",
  b: "vn",
  c: "xv",
  d: "sf",
  e: "wr",
  f: "dg",
  g: "fh",
  h: "gj",
  i: "uo",
  j: "hk",
  k: "jl",
  l: "k",
  m: "n",
  n: "bm",
  o: "ip",
  p: "o",
  q: "w",
  r: "et",
  s: "ad",
  t: "ry",
  u: "yi",
  v: "cb",
  w: "qe",
  x: "zc",
  y: "tu",
  z: "x",
};

/** One typing error: a neighbouring key, a dropped or doubled letter, or two letters swapped. */
export function typo(random: Random, text: string): string {
  if (text.length < 3) return text;
  const i = 1 + randomInt(random, text.length - 2);
  const c = text[i]!;
  switch (randomInt(random, 4)) {
    case 0: {
      const neighbours = KEYBOARD_NEIGHBOURS[c.toLowerCase()];
      return neighbours ? text.slice(0, i) + pick(random, neighbours.split("")) + text.slice(i + 1) : text;
    }
    case 1:
      return text.slice(0, i) + text.slice(i + 1);
    case 2:
      return text.slice(0, i) + c + text.slice(i);
    default:
      return text.slice(0, i - 1) + c + text[i - 1]! + text.slice(i + 1);
  }
}

export function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/** Casing as different systems store it: Title, UPPER, or lower. */
export function randomCase(random: Random, text: string): string {
  const r = random();
  return r < 0.7 ? titleCase(text) : r < 0.85 ? text.toUpperCase() : text;
}

export function nicknameOrName(random: Random, formal: string, probability: number): string {
  const nicknames = nicknamesOf(formal);
  return nicknames.length > 0 && random() < probability ? pick(random, nicknames) : formal;
}

/** A 10-digit US number (area code, exchange, line) in one of the formats exports use. */
export function formatPhone(random: Random, digits: string): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  return pick(random, [
    `(${a}) ${b}-${c}`,
    `${a}-${b}-${c}`,
    `${a}.${b}.${c}`,
    `+1 ${a} ${b} ${c}`,
    `${a}${b}${c}`,
    `1-${a}-${b}-${c}`,
    `+1${a}${b}${c}`,
    `001 ${a} ${b} ${c}`,
  ]);
}

export function randomPhoneDigits(random: Random): string {
  return `${2 + randomInt(random, 8)}${randomInt(random, 10)}${randomInt(random, 10)}${2 + randomInt(random, 8)}${String(randomInt(random, 100)).padStart(2, "0")}${String(randomInt(random, 10000)).padStart(4, "0")}`;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A date in one of the unambiguous formats exports use (US month-first for slashes, as the default region reads them). */
export function formatDate(random: Random, y: number, m: number, d: number): string {
  const mm = String(m).padStart(2, "0");
  const dd = String(d).padStart(2, "0");
  return pick(random, [
    `${y}-${mm}-${dd}`,
    `${m}/${d}/${y}`,
    `${mm}/${dd}/${y}`,
    `${y}${mm}${dd}`,
    `${MONTH_NAMES[m - 1]} ${d}, ${y}`,
    `${d} ${MONTH_NAMES[m - 1]} ${y}`,
    `${y}-${mm}-${dd}T00:00:00Z`,
  ]);
}
