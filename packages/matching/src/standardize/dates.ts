// Date standardization: many spellings in, ISO "YYYY-MM-DD" out; impossible or ambiguous dates are rejected, never guessed.

export interface DateOptions {
  /** How to read "03/04/1980": "mdy" (US, the default) or "dmy". Unambiguous dates (13/04/1980) are read either way. */
  order?: "mdy" | "dmy";
  /** Two-digit years up to this value are 20xx, above it 19xx. */
  twoDigitYearPivot?: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO text for a real calendar date, null for 31 April, 29 February 1900, month 13 and the like. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function expandYear(text: string, pivot: number): number {
  const value = Number(text);
  if (text.length > 2) return value;
  return value <= pivot ? 2000 + value : 1900 + value;
}

/** Standardizes a date of birth (or any calendar date) to "YYYY-MM-DD", or null when it is not a real date. */
export function standardizeDate(raw: string | null | undefined, options: DateOptions = {}): string | null {
  if (!raw) return null;
  const text = raw.trim().toLowerCase();
  const order = options.order ?? "mdy";
  const pivot = options.twoDigitYearPivot ?? new Date().getUTCFullYear() % 100;
  let m: RegExpMatchArray | null;
  // ISO, with an optional time part: 1980-04-03, 1980-04-03T00:00:00Z, 1980/4/3.
  if ((m = text.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ].*)?$/)))
    return isoDate(+m[1]!, +m[2]!, +m[3]!);
  // Compact YYYYMMDD.
  if ((m = text.match(/^(\d{4})(\d{2})(\d{2})$/))) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  // Slashes, dashes or dots with the year last: 04/03/1980, 4-3-80, 03.04.1980.
  if ((m = text.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/))) {
    const a = +m[1]!;
    const b = +m[2]!;
    const year = expandYear(m[3]!, pivot);
    // A dotted date is European day-first by convention; otherwise a value above 12 tells the order.
    const dayFirst = text.includes(".") || a > 12 ? true : b > 12 ? false : order === "dmy";
    return dayFirst ? isoDate(year, b, a) : isoDate(year, a, b);
  }
  // Month names: "3 April 1980", "April 3, 1980", "3-apr-1980", "apr 3 1980".
  if ((m = text.match(/^(\d{1,2})[\s\-/]+([a-z]+)\.?[\s\-/,]+(\d{2}|\d{4})$/))) {
    const month = MONTHS[m[2]!];
    return month ? isoDate(expandYear(m[3]!, pivot), month, +m[1]!) : null;
  }
  if ((m = text.match(/^([a-z]+)\.?[\s\-/]+(\d{1,2})(?:st|nd|rd|th)?[\s,\-/]+(\d{2}|\d{4})$/))) {
    const month = MONTHS[m[1]!];
    return month ? isoDate(expandYear(m[3]!, pivot), month, +m[2]!) : null;
  }
  return null;
}

/** Days since 1970-01-01 for an ISO date produced by standardizeDate (proleptic Gregorian, years 1-9999). */
export function dayNumber(iso: string): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(date.getTime() / 86_400_000);
}
