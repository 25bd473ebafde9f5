// Folding of free text to the comparable form every standardizer starts from.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Letters that NFKD does not decompose but that people type as their ASCII look-alikes.
const LIGATURES: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };
const LIGATURE_PATTERN = /[ßæœøłđðþı]/g;

/** Lower case, accents removed, every run of non-alphanumerics turned into one space, trimmed. */
export function foldText(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .toLowerCase()
    .replace(LIGATURE_PATTERN, (c) => LIGATURES[c] ?? c)
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Null for missing, blank, or placeholder values that sources write instead of leaving a cell empty. */
export function presentOrNull(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === "" || /^(null|n\/?a|none|unknown|-+|\?+)$/i.test(trimmed)) return null;
  return trimmed;
}
