// How people's details get bent on the way into a system: keyboard slips, spelling by ear, short forms of given
// names made by rule (not read from a nickname list), day and month exchanged, mistyped mail domains, and the
// formats each system writes dates, phones and addresses in.
import type { Random } from "../prng";

const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const NEIGHBOURS = new Map<string, string>();
KEYBOARD_ROWS.forEach((row, r) => {
  for (let i = 0; i < row.length; i++) {
    const near = [row[i - 1], row[i + 1], KEYBOARD_ROWS[r - 1]?.[i], KEYBOARD_ROWS[r + 1]?.[i]]
      .filter(Boolean)
      .join("");
    NEIGHBOURS.set(row[i]!, near);
  }
});

const pickOf = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** One slip of the fingers: a neighbouring key, a dropped, doubled or exchanged letter. */
export function keyboardSlip(text: string, random: Random): string {
  if (text.length < 3) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  const ch = text[at]!;
  const lower = ch.toLowerCase();
  const roll = random();
  if (roll < 0.35 && NEIGHBOURS.has(lower)) {
    const near = pickOf(random, [...NEIGHBOURS.get(lower)!]);
    return text.slice(0, at) + (ch === lower ? near : near.toUpperCase()) + text.slice(at + 1);
  }
  if (roll < 0.6) return text.slice(0, at) + text.slice(at + 1);
  if (roll < 0.8) return text.slice(0, at) + ch + text.slice(at);
  return text.slice(0, at - 1) + text[at] + text[at - 1] + text.slice(at + 1);
}

const BY_EAR: [RegExp, string][] = [
  [/ph/g, "f"],
  [/ck/g, "k"],
  [/c(?=[aou])/g, "k"],
  [/y$/g, "ie"],
  [/ie$/g, "y"],
  [/ey$/g, "y"],
  [/(.)\1/g, "$1"],
  [/th/g, "t"],
  [/z/g, "s"],
  [/ou/g, "ow"],
  [/ai/g, "ay"],
  [/ei/g, "ie"],
  [/i(?=[^aeiou]$)/g, "y"],
  [/([^aeiou])e$/g, "$1"],
];

/** The name as someone writes it down from hearing it on the phone (Stephen -> Stefen, Kathryn -> Kathrin). */
export function spellByEar(name: string, random: Random): string {
  const lower = name.toLowerCase();
  const rules = BY_EAR.filter(([pattern]) => {
    pattern.lastIndex = 0;
    return pattern.test(lower);
  });
  if (rules.length === 0) return keyboardSlip(name, random);
  const [pattern, replacement] = pickOf(random, rules);
  pattern.lastIndex = 0;
  const heard = lower.replace(pattern, replacement);
  return heard.length >= 2 ? matchCase(name, heard) : name;
}

function matchCase(model: string, text: string): string {
  if (model === model.toUpperCase()) return text.toUpperCase();
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

// Irregular short forms that no rule derives. Deliberately a handful: most short forms below come from the rule.
const IRREGULAR: Record<string, string[]> = {
  margaret: ["peggy", "maggie", "greta", "rita"],
  mary: ["polly", "molly", "mae"],
  henry: ["hank", "hal"],
  john: ["jack", "johnny"],
  sarah: ["sally", "sadie"],
  edward: ["ted", "ned"],
  william: ["bill", "liam", "will"],
  richard: ["dick", "rick", "rich"],
  robert: ["bob", "robin"],
  patricia: ["patsy", "trish"],
  ann: ["nancy", "annie"],
  anne: ["nancy", "annie"],
  elizabeth: ["bess", "elsie", "betty"],
  james: ["jim", "jamie"],
  francisco: ["paco", "pancho"],
  jose: ["pepe", "chepe"],
  guadalupe: ["lupe", "lupita"],
  alejandro: ["alex", "jandro"],
  giuseppe: ["peppe", "beppe"],
  wolfgang: ["wolf"],
  johann: ["hans"],
  katarzyna: ["kasia"],
  aleksander: ["olek"],
};

const VOWELS = "aeiouy";

/**
 * A short form of a given name: an irregular one where known, otherwise the first syllable (Christopher -> Chris,
 * Jonathan -> Jon), sometimes with a pet ending (Jenny, Timmy, Suzie). Null for names too short to shorten.
 */
export function shortForm(given: string, random: Random): string | null {
  const lower = given.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular && random() < 0.7) return matchCase(given, pickOf(random, irregular));
  if (lower.length < 5) return null;
  // First syllable: the first vowel group, closed by one consonant unless the group is two vowels (Leo, Theo).
  let i = 0;
  while (i < lower.length && !VOWELS.includes(lower[i]!)) i++;
  const vowelsFrom = i;
  while (i < lower.length && VOWELS.includes(lower[i]!)) i++;
  const end = i - vowelsFrom >= 2 ? i : i + 1;
  if (end >= lower.length - 1 || end < 2) return null;
  let stem = lower.slice(0, end);
  if (stem.endsWith("h") && stem.length > 3) stem = stem.slice(0, -1);
  const roll = random();
  if (roll < 0.45) return matchCase(given, stem);
  const last = stem[stem.length - 1]!;
  const doubled = !VOWELS.includes(last) && stem.length <= 3 ? stem + last : stem;
  return matchCase(given, doubled + (roll < 0.75 ? "y" : "ie"));
}

/** Date of birth as a system writes it; `swap` exchanges day and month (a day <= 12 read the other way round). */
export function formatBirthDate(
  dob: { year: number; month: number; day: number },
  style: "iso" | "us" | "compact" | "eu",
  swap = false,
): string {
  const month = swap ? dob.day : dob.month;
  const day = swap ? dob.month : dob.day;
  const two = (n: number) => String(n).padStart(2, "0");
  switch (style) {
    case "iso":
      return `${dob.year}-${two(month)}-${two(day)}`;
    case "us":
      return `${month}/${day}/${dob.year}`;
    case "compact":
      return `${dob.year}${two(month)}${two(day)}`;
    case "eu":
      // Written day first but read by the engine month first: a swap the system itself makes.
      return `${two(day)}/${two(month)}/${dob.year}`;
  }
}

/** A date one keystroke away: a digit of the day or year changed, or the year off by one. */
export function mistypeDate(
  dob: { year: number; month: number; day: number },
  random: Random,
): { year: number; month: number; day: number } {
  const roll = random();
  if (roll < 0.4) return { ...dob, year: dob.year + (random() < 0.5 ? 1 : -1) };
  if (roll < 0.7) return { ...dob, year: dob.year - (dob.year % 10) + Math.floor(random() * 10) };
  const day = Math.floor(dob.day / 10) * 10 + Math.floor(random() * 10);
  return { ...dob, day: Math.min(28, Math.max(1, day)) };
}

const DOMAIN_SLIPS: Record<string, string[]> = {
  "gmail.com": ["gmial.com", "gmail.co", "gmai.com", "gmail.cm", "gnail.com"],
  "yahoo.com": ["yaho.com", "yahoo.co", "yhaoo.com"],
  "hotmail.com": ["hotmial.com", "hotmail.co", "hotmal.com"],
  "outlook.com": ["outlok.com", "outlook.co"],
  "icloud.com": ["icloud.co", "iclod.com"],
  "aol.com": ["aol.co", "aoll.com"],
};

/** A mistyped email: a slip in the mailbox name or a misspelled domain. */
export function mistypeEmail(email: string, random: Random): string {
  const [local, domain] = email.split("@") as [string, string];
  const slips = DOMAIN_SLIPS[domain];
  if (slips && random() < 0.5) return `${local}@${pickOf(random, slips)}`;
  return `${keyboardSlip(local, random)}@${domain}`;
}

/** Gmail-style variants that reach the same mailbox: dots dropped from the name, or a "+tag". */
export function mailboxVariant(email: string, random: Random): string {
  const [local, domain] = email.split("@") as [string, string];
  if (random() < 0.5 && local.includes(".")) return `${local.replace(/\./g, "")}@${domain}`;
  return `${local}+${pickOf(random, ["shop", "news", "promo", "orders"])}@${domain}`;
}

/** A phone number in one of the ways people and systems write them. */
export function formatPhone(digits10: string, random: Random): string {
  const a = digits10.slice(0, 3);
  const b = digits10.slice(3, 6);
  const c = digits10.slice(6);
  return pickOf(random, [
    `(${a}) ${b}-${c}`,
    `${a}-${b}-${c}`,
    `${a}.${b}.${c}`,
    `${a}${b}${c}`,
    `+1 ${a} ${b} ${c}`,
    `1-${a}-${b}-${c}`,
    `+1${a}${b}${c}`,
  ]);
}

/** A phone with one digit wrong (not the area code's first). */
export function mistypePhone(digits10: string, random: Random): string {
  const at = 1 + Math.floor(random() * 9);
  const digit = String((Number(digits10[at]) + 1 + Math.floor(random() * 8)) % 10);
  return digits10.slice(0, at) + digit + digits10.slice(at + 1);
}

const SUFFIX_FORMS: Record<string, string[]> = {
  Street: ["St", "St.", "Str"],
  Avenue: ["Ave", "Ave.", "Av"],
  Road: ["Rd", "Rd."],
  Lane: ["Ln"],
  Drive: ["Dr", "Dr."],
  Court: ["Ct"],
  Place: ["Pl"],
  Boulevard: ["Blvd", "Blvd."],
  Way: ["Wy"],
  Terrace: ["Ter", "Terr"],
};

/** A street suffix written out or abbreviated. */
export function suffixForm(suffix: string, random: Random): string {
  const forms = SUFFIX_FORMS[suffix];
  return forms && random() < 0.55 ? pickOf(random, forms) : suffix;
}

/** An apartment number as forms write it. */
export function unitForm(unit: string, random: Random): string {
  return pickOf(random, [
    `Apt ${unit}`,
    `Apt. ${unit}`,
    `#${unit}`,
    `Unit ${unit}`,
    `Suite ${unit}`,
    `APT ${unit}`,
  ]);
}

export function caseStyle(text: string, style: "as-is" | "upper" | "lower"): string {
  return style === "upper" ? text.toUpperCase() : style === "lower" ? text.toLowerCase() : text;
}
