// The systems that observe the population, each with the fields it keeps, how stale it is, how carelessly it is
// typed and how it formats things: a rich account system, an invoicing system that rarely holds a birth date, a
// call centre and a newsletter that know little, a web shop, a clinic that holds national ids.
import type { InputRecord } from "../fields";
import type { Random } from "../prng";
import {
  caseStyle,
  formatBirthDate,
  formatPhone,
  keyboardSlip,
  mailboxVariant,
  mistypeDate,
  mistypeEmail,
  mistypePhone,
  shortForm,
  spellByEar,
  suffixForm,
  unitForm,
} from "./distortions";
import { ageOf, type Address, type Person } from "./people";

export interface SourceProfile {
  name: string;
  /** Chance that a person has a record here, by age. */
  reach: { adult: number; minor: number };
  /** A record here needs this contact (a newsletter without a mailbox, a call without a number, do not exist). */
  requires?: "email" | "phone";
  /** Chance of a second record of the same person here (signed up again, a second ticket contact...). */
  duplicate: number;
  names: "split" | "full" | "given-and-maybe-last";
  /** Chance each field is kept, given the person has the value. */
  keeps: {
    middle: number;
    dob: number;
    gender: number;
    email: number;
    phone: number;
    address: number;
    postcodeOnly: number;
    nationalId: number;
  };
  /** Chance the system holds what was true earlier: a former surname, an old address, an old phone. */
  staleness: number;
  /** Chance a given name is written in its short form, for people who go by one and for the rest. */
  shortName: { usual: number; otherwise: number };
  /** Multiplies every typing-error rate. */
  carelessness: number;
  byEar: number;
  /** Chance a record gives the household's landline or shared mailbox instead of the person's own. */
  householdContact: number;
  dates: "iso" | "us" | "compact";
  /** Share of records whose date is written day first (read month first: day and month exchanged). */
  dayFirst: number;
  letterCase: "as-is" | "upper" | "lower";
  idPrefix: string;
}

export const SOURCE_PROFILES: readonly SourceProfile[] = [
  {
    name: "accounts",
    reach: { adult: 0.72, minor: 0.15 },
    duplicate: 0.03,
    names: "split",
    keeps: {
      middle: 0.5,
      dob: 0.95,
      gender: 0.9,
      email: 0.85,
      phone: 0.9,
      address: 0.97,
      postcodeOnly: 0,
      nationalId: 0.25,
    },
    staleness: 0.1,
    shortName: { usual: 0.25, otherwise: 0.02 },
    carelessness: 1,
    byEar: 0,
    householdContact: 0.1,
    dates: "iso",
    dayFirst: 0,
    letterCase: "as-is",
    idPrefix: "A",
  },
  {
    name: "invoicing",
    reach: { adult: 0.45, minor: 0 },
    duplicate: 0.05,
    names: "full",
    keeps: {
      middle: 0.4,
      dob: 0.1,
      gender: 0,
      email: 0.55,
      phone: 0.5,
      address: 0.98,
      postcodeOnly: 0,
      nationalId: 0,
    },
    staleness: 0.3,
    shortName: { usual: 0.15, otherwise: 0.02 },
    carelessness: 1.3,
    byEar: 0,
    householdContact: 0.35,
    dates: "us",
    dayFirst: 0,
    letterCase: "upper",
    idPrefix: "INV-",
  },
  {
    name: "callcenter",
    reach: { adult: 0.28, minor: 0 },
    requires: "phone",
    duplicate: 0.12,
    names: "split",
    keeps: {
      middle: 0,
      dob: 0.15,
      gender: 0,
      email: 0.25,
      phone: 0.95,
      address: 0,
      postcodeOnly: 0.35,
      nationalId: 0,
    },
    staleness: 0.15,
    shortName: { usual: 0.7, otherwise: 0.08 },
    carelessness: 1.5,
    byEar: 0.15,
    householdContact: 0.35,
    dates: "us",
    dayFirst: 0,
    letterCase: "lower",
    idPrefix: "CC-",
  },
  {
    name: "newsletter",
    reach: { adult: 0.3, minor: 0.03 },
    requires: "email",
    duplicate: 0.06,
    names: "given-and-maybe-last",
    keeps: { middle: 0, dob: 0, gender: 0, email: 1, phone: 0, address: 0, postcodeOnly: 0.3, nationalId: 0 },
    staleness: 0.1,
    shortName: { usual: 0.7, otherwise: 0.1 },
    carelessness: 1,
    byEar: 0,
    householdContact: 0.3,
    dates: "iso",
    dayFirst: 0,
    letterCase: "as-is",
    idPrefix: "nl_",
  },
  {
    name: "webshop",
    reach: { adult: 0.38, minor: 0 },
    duplicate: 0.05,
    names: "split",
    keeps: {
      middle: 0,
      dob: 0.35,
      gender: 0.3,
      email: 0.98,
      phone: 0.6,
      address: 0.9,
      postcodeOnly: 0,
      nationalId: 0,
    },
    staleness: 0.15,
    shortName: { usual: 0.4, otherwise: 0.03 },
    carelessness: 1,
    byEar: 0,
    householdContact: 0.15,
    dates: "iso",
    dayFirst: 0.25,
    letterCase: "as-is",
    idPrefix: "WS",
  },
  {
    name: "clinic",
    reach: { adult: 0.14, minor: 0.25 },
    duplicate: 0.04,
    names: "split",
    keeps: {
      middle: 0.8,
      dob: 1,
      gender: 1,
      email: 0.3,
      phone: 0.8,
      address: 0.9,
      postcodeOnly: 0,
      nationalId: 0.8,
    },
    staleness: 0.2,
    shortName: { usual: 0.05, otherwise: 0 },
    carelessness: 0.8,
    byEar: 0,
    householdContact: 0.3,
    dates: "compact",
    dayFirst: 0,
    letterCase: "as-is",
    idPrefix: "MRN",
  },
];

/** One record of a person as this system holds it (record_id is set later, after shuffling). */
export function observe(person: Person, source: SourceProfile, random: Random, now: number): InputRecord {
  const slip = (rate: number) => random() < rate * source.carelessness;
  const stale = random() < source.staleness;
  const record: InputRecord = { record_id: "", source: source.name };

  // Names
  let given = person.goesByMiddle && person.middle && random() < 0.7 ? person.middle : person.given;
  if (random() < (person.usesShortName ? source.shortName.usual : source.shortName.otherwise))
    given = shortForm(given, random) ?? given;
  let surname = stale && person.formerSurname ? person.formerSurname : person.surname;
  if (random() < source.byEar) given = spellByEar(given, random);
  if (random() < source.byEar * 0.6) surname = spellByEar(surname, random);
  if (slip(0.03)) given = keyboardSlip(given, random);
  if (slip(0.03)) surname = keyboardSlip(surname, random);
  const middle =
    person.middle && given !== person.middle && random() < source.keeps.middle
      ? random() < 0.5
        ? person.middle[0]!
        : person.middle
      : null;
  const suffix = person.suffix && random() < 0.5 ? person.suffix : null;
  if (source.names === "full") {
    const lastFirst = random() < 0.6;
    const parts = lastFirst
      ? [`${surname}${suffix ? ` ${suffix}` : ""},`, given, middle]
      : [given, middle, surname, suffix];
    record.full_name = caseStyle(parts.filter(Boolean).join(" "), source.letterCase);
  } else if (source.names === "given-and-maybe-last") {
    if (random() < 0.75) record.first_name = caseStyle(given, source.letterCase);
    if (random() < 0.45) record.last_name = caseStyle(surname, source.letterCase);
  } else {
    const swapped = slip(0.012);
    record.first_name = caseStyle(swapped ? surname : given, source.letterCase);
    record.last_name = caseStyle(swapped ? given : surname, source.letterCase) + (suffix ? ` ${suffix}` : "");
    if (middle) record.middle_name = caseStyle(middle, source.letterCase);
  }

  // Birth date, sex, national id
  if (random() < source.keeps.dob) {
    let dob = person.dob;
    if (slip(0.02)) dob = mistypeDate(dob, random);
    const dayFirst = random() < source.dayFirst || slip(0.02);
    record.dob = slip(0.004) ? "01/01/1900" : formatBirthDate(dob, source.dates, dayFirst && dob.day <= 12);
  }
  if (random() < source.keeps.gender)
    record.gender =
      person.sex === "f"
        ? ["F", "Female", "f", "W"][Math.floor(random() * 4)]
        : ["M", "Male", "m"][Math.floor(random() * 3)];
  if (person.nationalId && random() < source.keeps.nationalId) {
    const id = slip(0.02) ? keyboardSlipDigits(person.nationalId, random) : person.nationalId;
    record.national_id = random() < 0.5 ? `${id.slice(0, 3)}-${id.slice(3, 5)}-${id.slice(5)}` : id;
  }

  // Contacts: own, old, or the household's.
  const household = person.household;
  if (source.requires === "email" || random() < source.keeps.email) {
    const useShared = household.sharedEmail && (random() < source.householdContact || !person.email);
    let email = useShared ? household.sharedEmail : person.email;
    if (email) {
      if (slip(0.03)) email = mistypeEmail(email, random);
      else if (random() < 0.04) email = mailboxVariant(email, random);
      record.email = source.letterCase === "upper" ? email.toUpperCase() : email;
    }
  }
  if (source.requires === "phone" || random() < source.keeps.phone) {
    const own = stale && person.previousMobile ? person.previousMobile : person.mobile;
    const useLandline = household.landline && (random() < source.householdContact || !own);
    let phone = useLandline ? household.landline : own;
    if (phone) {
      if (slip(0.02)) phone = mistypePhone(phone, random);
      record.phone = formatPhone(phone, random);
    }
  }

  // Address
  const address: Address = stale && household.previousAddress ? household.previousAddress : household.address;
  if (random() < source.keeps.address) writeAddress(record, address, source, random);
  else if (random() < source.keeps.postcodeOnly) record.postcode = address.postcode;

  const daysAgo = Math.floor(random() * (stale ? 3_000 : 900));
  record.updated_at = new Date(now - daysAgo * 86_400_000).toISOString();
  return record;
}

function keyboardSlipDigits(digits: string, random: Random): string {
  const at = Math.floor(random() * digits.length);
  return digits.slice(0, at) + String((Number(digits[at]) + 1) % 10) + digits.slice(at + 1);
}

function writeAddress(record: InputRecord, address: Address, source: SourceProfile, random: Random): void {
  const slip = (rate: number) => random() < rate * source.carelessness;
  let number = address.number;
  if (slip(0.015)) number = keyboardSlipDigits(number, random);
  let street = address.suffix ? `${address.street} ${suffixForm(address.suffix, random)}` : address.street;
  if (slip(0.02)) street = keyboardSlip(street, random);
  let postcode = address.postcode;
  if (slip(0.015)) postcode = keyboardSlipDigits(postcode, random);
  let city = address.town.city;
  if (slip(0.02)) city = keyboardSlip(city, random);
  const unit = address.unit ? unitForm(address.unit, random) : null;
  const style = source.letterCase;
  if (random() < 0.2) {
    // One line, as typed into a single field.
    record.street = caseStyle(
      `${number} ${street}${unit ? ` ${unit}` : ""}, ${city}, ${address.town.state} ${postcode}`,
      style,
    );
    return;
  }
  if (random() < 0.5) record.street = caseStyle(`${number} ${street}`, style);
  else {
    record.street_number = number;
    record.street = caseStyle(street, style);
  }
  if (unit) record.address_line2 = caseStyle(unit, style);
  record.city = caseStyle(city, style);
  record.state = address.town.state;
  if (random() < 0.93) record.postcode = postcode;
}

/** Which systems see a person, and how many records each holds of them. */
export function recordsOf(person: Person, random: Random): SourceProfile[] {
  const adult = ageOf(person) >= 18;
  const seen: SourceProfile[] = [];
  for (const source of SOURCE_PROFILES) {
    if (random() >= (adult ? source.reach.adult : source.reach.minor)) continue;
    if (source.requires === "email" && !person.email && !person.household.sharedEmail) continue;
    if (source.requires === "phone" && !person.mobile && !person.household.landline) continue;
    seen.push(source);
    if (random() < source.duplicate) seen.push(source);
  }
  // Everyone is known somewhere: the people of a customer base are those some system holds.
  if (seen.length === 0) seen.push(adult ? SOURCE_PROFILES[0]! : SOURCE_PROFILES[5]!);
  return seen;
}
