// Phonetic codes for names: Double Metaphone from the double-metaphone package (a faithful port of Philips' algorithm).
import { doubleMetaphone } from "double-metaphone";

/** Both Double Metaphone codes of a folded name; two empty codes for a name with no letters. */
export function metaphoneCodes(name: string): [string, string] {
  const letters = name.replace(/[^a-z]/g, "");
  if (letters === "") return ["", ""];
  return doubleMetaphone(letters);
}

/** True when the names sound alike: any primary or alternate code in common. */
export function soundAlike(a: [string, string], b: [string, string]): boolean {
  if (a[0] === "" || b[0] === "") return false;
  return a[0] === b[0] || a[0] === b[1] || a[1] === b[0] || (a[1] !== "" && a[1] === b[1]);
}
