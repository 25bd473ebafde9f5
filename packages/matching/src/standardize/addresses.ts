// Street-address standardization: house number, street, unit; abbreviations expanded so St and Street agree.
import { foldText } from "./text";

// Street types at the end of a street name. "st" only means street there ("St Kilda Road" is Saint Kilda).
const STREET_TYPES: Record<string, string> = {
  st: "street",
  str: "street",
  ave: "avenue",
  av: "avenue",
  avn: "avenue",
  rd: "road",
  dr: "drive",
  drv: "drive",
  ln: "lane",
  ct: "court",
  crt: "court",
  pl: "place",
  blvd: "boulevard",
  bvd: "boulevard",
  hwy: "highway",
  pkwy: "parkway",
  pky: "parkway",
  cres: "crescent",
  cr: "crescent",
  cl: "close",
  tce: "terrace",
  ter: "terrace",
  sq: "square",
  cir: "circle",
  crcl: "circle",
  way: "way",
  wy: "way",
  pde: "parade",
  gr: "grove",
  gv: "grove",
  mt: "mount",
  trl: "trail",
  expy: "expressway",
  fwy: "freeway",
  aly: "alley",
  cct: "circuit",
  esp: "esplanade",
};
const DIRECTIONS: Record<string, string> = {
  n: "north",
  s: "south",
  e: "east",
  w: "west",
  ne: "northeast",
  nw: "northwest",
  se: "southeast",
  sw: "southwest",
};
const UNIT_WORDS = new Set([
  "apt",
  "apartment",
  "unit",
  "suite",
  "ste",
  "flat",
  "fl",
  "floor",
  "rm",
  "room",
  "lot",
  "bldg",
  "building",
  "po",
  "box",
]);

export interface StandardAddress {
  streetNumber: string | null;
  street: string | null;
  unit: string | null;
}

function expandStreetWords(tokens: string[]): string[] {
  return tokens.map((token, i) => {
    const isLast = i === tokens.length - 1;
    if (isLast && STREET_TYPES[token]) return STREET_TYPES[token];
    if (token === "st" && i === 0) return "saint";
    if (i === 0 || isLast) return DIRECTIONS[token] ?? token;
    return token;
  });
}

/**
 * Splits and normalizes a street line: "Apt 4B, 123 N. Main St." -> number 123, street "north main street",
 * unit "4b". A separate street-number field, when given, wins over the number found in the line.
 */
export function standardizeStreet(
  line: string | null | undefined,
  streetNumber?: string | null,
  line2?: string | null,
): StandardAddress {
  const numberField = streetNumber ? foldText(streetNumber).replace(/\s+/g, "") || null : null;
  let tokens = line ? foldText(line).split(" ").filter(Boolean) : [];
  let unit: string | null = null;
  // "#12" or "apt 12" anywhere on the line is the unit, wherever the source put it.
  const rawUnit = line?.match(/#\s*([a-z0-9-]+)/i);
  if (rawUnit) {
    unit = rawUnit[1]!.toLowerCase();
    tokens = line ? foldText(line.replace(rawUnit[0], " ")).split(" ").filter(Boolean) : [];
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    if (UNIT_WORDS.has(tokens[i]!)) {
      unit ??= tokens[i + 1]!;
      tokens.splice(i, 2);
      i--;
    }
  }
  let number = numberField;
  // "123 Main St" and "123a Main St": the leading house number.
  if (tokens.length > 2 && /^\d+$/.test(tokens[0]!) && /^\d+[a-z]?$/.test(tokens[1]!)) {
    // "4 123 Main St": unit then number, the Australian "4/123" after folding.
    unit ??= tokens[0]!;
    number ??= tokens[1]!;
    tokens = tokens.slice(2);
  } else if (tokens.length > 1 && /^\d+[a-z]?$/.test(tokens[0]!)) {
    number ??= tokens[0]!;
    tokens = tokens.slice(1);
  }
  const street = tokens.length ? expandStreetWords(tokens).join(" ") : null;
  const unitFromLine2 =
    !unit && line2
      ? foldText(line2)
          .split(" ")
          .filter((t) => !UNIT_WORDS.has(t))
          .join(" ")
      : null;
  return { streetNumber: number, street, unit: unit ?? (unitFromLine2 || null) };
}

export interface ParsedFullAddress extends StandardAddress {
  city: string | null;
  state: string | null;
  postcode: string | null;
}

/** Splits a one-line address "123 Main Street, Las Vegas NV 89132" into street, city, state and postcode. */
export function parseFullAddress(raw: string | null | undefined): ParsedFullAddress {
  const empty: ParsedFullAddress = {
    streetNumber: null,
    street: null,
    unit: null,
    city: null,
    state: null,
    postcode: null,
  };
  if (!raw) return empty;
  const parts = raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return empty;
  const streetPart = standardizeStreet(parts[0]);
  let rest = parts.slice(1).join(" ");
  let postcode: string | null = null;
  let state: string | null = null;
  const zip = rest.match(/\b(\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4,6})\s*$/i);
  if (zip) {
    postcode = zip[1]!
      .toUpperCase()
      .replace(/\s+/g, "")
      .replace(/-\d{4}$/, "");
    rest = rest.slice(0, zip.index).trim();
  }
  const stateMatch = rest.match(/\b([A-Za-z]{2})\s*$/);
  if (stateMatch && rest.length > 2) {
    state = stateMatch[1]!.toLowerCase();
    rest = rest.slice(0, stateMatch.index).trim();
  }
  const city = foldText(rest) || null;
  return { ...streetPart, city, state, postcode };
}
