// Folding of free text to the comparable form every standardizer starts from.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Letters that NFKD does not decompose but that people type as their ASCII look-alikes.
const LIGATURES: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};
const LIGATURE_PATTERN = /[ßæœøłđðþı]/g;

/**
 * Lower case, accents removed, every run of non-alphanumerics turned into one space, trimmed. With keepHyphens,
 * "Smith - Jones" stays one token "smith-jones" (a double-barrelled surname is one surname).
 */
const PLAIN_ASCII = /^[A-Za-z0-9 ]*$/;

export function foldText(raw: string, keepHyphens = false): string {
  // Most values are plain ASCII words: lower-casing and spacing is all they need.
  if (PLAIN_ASCII.test(raw)) return raw.toLowerCase().trim().replace(/ {2,}/g, " ");
  // A private-use character marks hyphens through the folding below, so one in the input must go first.
  const clean = raw.replace(/\uE000/g, " ");
  const marked = keepHyphens ? clean.replace(/\s*[-‐‑–]\s*/g, "\uE000") : clean;
  const folded = marked
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .toLowerCase()
    .replace(LIGATURE_PATTERN, (c) => LIGATURES[c] ?? c)
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}\uE000]+/gu, " ")
    .trim();
  if (!keepHyphens) return folded;
  return folded
    .replace(/\uE000+/g, "-")
    .replace(/(^-+|-+$)/g, "")
    .replace(/ -|- /g, " ");
}

/** Null for missing, blank, or placeholder values that sources write instead of leaving a cell empty. */
const PLACEHOLDER = /^(null|n\/?a|none|unknown|-+|\?+)$/i;

export function presentOrNull(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === "") return null;
  // Placeholders start with n, u, - or ?: anything else is a value without running the pattern.
  const first = trimmed.charCodeAt(0) | 0x20;
  if (first !== 0x6e && first !== 0x75 && first !== 0x2d && first !== 0x3f) return trimmed;
  return PLACEHOLDER.test(trimmed) ? null : trimmed;
}
