// Deterministic synthetic multi-source customer data with ground truth: households sharing phone and address,
// twins, juniors named after their fathers, namesakes, movers, surname changes, nicknames, typos, "Last, First"
// names, fields each source lacks, and phone and date formats of every kind. Used by tests, the benchmark and
// (later) `c360 seed`.
import type { InputRecord } from "../fields";
import { randomInt, seededRandom, type Random } from "../prng";
import {
  formatDate,
  formatPhone,
  nicknameOrName,
  pick,
  randomCase,
  randomPhoneDigits,
  titleCase,
  typo,
  zipfIndex,
} from "./corrupt";
import {
  EMAIL_DOMAINS,
  FEMALE_NAMES,
  MALE_NAMES,
  PLACES,
  RARE_SURNAMES,
  SOURCES,
  STREET_NAMES,
  STREET_TYPE_ABBREVIATIONS,
  STREET_TYPES,
  SURNAMES,
  type SyntheticSource,
} from "./pools";

export interface SyntheticOptions {
  persons: number;
  seed?: number;
}

export interface SyntheticRecord extends InputRecord {
  source: SyntheticSource;
  updated_at: string;
}

export interface SyntheticDataset {
  records: SyntheticRecord[];
  /** Ground truth: the person behind records[i]. */
  personIds: string[];
}

interface Address {
  number: string;
  street: string;
  streetType: string;
  unit: string | null;
  city: string;
  state: string;
  zip: string;
}

interface Person {
  id: string;
  gender: "m" | "f";
  first: string;
  middle: string | null;
  last: string;
  /** Surname before marriage: older records in some systems still carry it. */
  formerLast: string | null;
  suffix: string | null;
  dob: [number, number, number];
  email: string;
  workEmail: string | null;
  mobile: string;
  address: Address;
  previousAddress: Address | null;
  landline: string;
  familyEmail: string | null;
}

function randomAddress(random: Random): Address {
  const [city, state, zip3] = pick(random, PLACES);
  return {
    number: String(1 + zipfIndex(random, 9999, 1.05)),
    street: pick(random, STREET_NAMES),
    streetType: pick(random, STREET_TYPES),
    unit: random() < 0.2 ? String(1 + randomInt(random, 40)) : null,
    city,
    state,
    zip: zip3 + String(randomInt(random, 100)).padStart(2, "0"),
  };
}

function randomDob(random: Random, fromYear: number, toYear: number): [number, number, number] {
  return [
    fromYear + randomInt(random, toYear - fromYear + 1),
    1 + randomInt(random, 12),
    1 + randomInt(random, 28),
  ];
}

function firstNameFor(random: Random, gender: "m" | "f"): string {
  const pool = gender === "m" ? MALE_NAMES : FEMALE_NAMES;
  return pool[zipfIndex(random, pool.length, 0.6)]!;
}

function surnameFor(random: Random): string {
  return random() < 0.5 ? SURNAMES[zipfIndex(random, SURNAMES.length, 0.8)]! : pick(random, RARE_SURNAMES);
}

function emailFor(random: Random, first: string, last: string): string {
  const n = randomInt(random, 100);
  const local = pick(random, [
    `${first}.${last}`,
    `${first}${last}${n}`,
    `${first[0]}${last}`,
    `${first}_${last}${n}`,
    `${last}.${first}${n}`,
    `${first}${n}`,
  ]);
  return `${local}@${pick(random, EMAIL_DOMAINS)}`;
}

function makeHousehold(random: Random, nextId: () => string, wanted: number): Person[] {
  const sizeRoll = random();
  const size = Math.min(wanted, sizeRoll < 0.45 ? 1 : sizeRoll < 0.75 ? 2 : sizeRoll < 0.88 ? 3 : 4);
  const surname = surnameFor(random);
  const address = randomAddress(random);
  const landline = randomPhoneDigits(random);
  const familyEmail =
    size >= 2 && random() < 0.1
      ? `${surname}family${randomInt(random, 100)}@${pick(random, EMAIL_DOMAINS)}`
      : null;
  const moved = random() < 0.15 ? randomAddress(random) : null;
  const members: Person[] = [];
  const person = (
    gender: "m" | "f",
    first: string,
    last: string,
    dob: [number, number, number],
    extra: Partial<Person> = {},
  ): Person => ({
    id: nextId(),
    gender,
    first,
    middle: random() < 0.4 ? firstNameFor(random, random() < 0.5 ? "m" : "f") : null,
    last,
    formerLast: null,
    suffix: null,
    dob,
    email: emailFor(random, first, last),
    workEmail:
      random() < 0.25
        ? `${first[0]}${last}@${pick(random, ["acme.com", "globex.com", "initech.com", "umbrella.org", "example.edu"])}`
        : null,
    mobile: randomPhoneDigits(random),
    address,
    previousAddress: moved,
    landline,
    familyEmail,
    ...extra,
  });
  const firstGender = random() < 0.5 ? "m" : "f";
  const head = person(firstGender, firstNameFor(random, firstGender), surname, randomDob(random, 1940, 2002));
  members.push(head);
  if (size >= 2) {
    const gender = head.gender === "m" ? "f" : "m";
    const keptOwnName = random() < 0.3;
    const maiden = surnameFor(random);
    const partnerLast = keptOwnName ? maiden : surname;
    // Half of those who took the household name still appear under the former surname in older records.
    const formerLast = !keptOwnName && maiden !== surname && random() < 0.5 ? maiden : null;
    const [y] = head.dob;
    members.push(
      person(gender, firstNameFor(random, gender), partnerLast, randomDob(random, y - 4, y + 4), {
        formerLast,
      }),
    );
  }
  const [headYear] = head.dob;
  const childFrom = Math.min(headYear + 20, 2020);
  const twins = size === 4 && random() < 0.3;
  for (let c = 2; c < size; c++) {
    const gender = random() < 0.5 ? "m" : "f";
    const junior = c === 2 && head.gender === "m" && gender === "m" && random() < 0.1;
    const dob: [number, number, number] =
      twins && c === 3 ? [...members[2]!.dob] : randomDob(random, childFrom, Math.min(childFrom + 15, 2020));
    let first = junior ? head.first : firstNameFor(random, gender);
    if (twins && c === 3 && first === members[2]!.first)
      first = firstNameFor(random, gender === "m" ? "f" : "m");
    members.push(person(gender, first, surname, dob, junior ? { suffix: "jr", middle: head.middle } : {}));
  }
  if (junior(members)) members[0]!.suffix = "sr";
  return members;
}

function junior(members: Person[]): boolean {
  return members.some((p) => p.suffix === "jr");
}

function formatStreet(random: Random, address: Address): string {
  const type =
    random() < 0.5
      ? STREET_TYPE_ABBREVIATIONS[address.streetType]! + (random() < 0.3 ? "." : "")
      : address.streetType;
  const line = `${address.number} ${titleCase(address.street)} ${titleCase(type)}`;
  if (!address.unit) return line;
  return random() < 0.5 ? `${line} Apt ${address.unit}` : `${line} #${address.unit}`;
}

function maybeTypo(random: Random, text: string, probability: number): string {
  return random() < probability ? typo(random, text) : text;
}

/** One record of a person as one source system would export it. */
function renderRecord(
  random: Random,
  person: Person,
  source: SyntheticSource,
  recordId: string,
): SyntheticRecord {
  const usesFormerName = person.formerLast !== null && random() < 0.4;
  const last = maybeTypo(random, usesFormerName ? person.formerLast! : person.last, 0.05);
  const nicknameRate =
    source === "marketing" || source === "support" ? 0.35 : source === "ecommerce" ? 0.15 : 0.05;
  const first = maybeTypo(random, nicknameOrName(random, person.first, nicknameRate), 0.05);
  const address = person.previousAddress && random() < 0.35 ? person.previousAddress : person.address;
  const [y, m, d] = person.dob;
  let [dy, dm, dd] = [y, m, d];
  const dobError = random();
  // Day and month swapped by a form that expected the other order; or one digit mistyped.
  if (dobError < 0.02 && d <= 12) [dm, dd] = [d, m];
  else if (dobError < 0.04)
    dd = Math.min(28, Math.max(1, d + (random() < 0.5 ? 1 : -1) * (1 + randomInt(random, 2))));
  else if (dobError < 0.05) dy = y + (random() < 0.5 ? 1 : -1);
  const dob = formatDate(random, dy, dm, dd);
  let email =
    person.familyEmail && random() < 0.3
      ? person.familyEmail
      : person.workEmail && random() < 0.3
        ? person.workEmail
        : person.email;
  if (random() < 0.1) email = email.replace("@", `+${pick(random, ["shop", "news", "promo", "2024"])}@`);
  if (email.endsWith("@gmail.com") && random() < 0.1) email = email.replace(/^(\w)(\w)/, "$1.$2");
  email = maybeTypo(random, random() < 0.2 ? email.toUpperCase() : email, 0.02);
  const phoneDigits = random() < 0.4 ? person.landline : person.mobile;
  const phone = formatPhone(random, maybeTypo(random, phoneDigits, 0.01));
  const zip =
    random() < 0.15 ? `${address.zip}-${String(randomInt(random, 10000)).padStart(4, "0")}` : address.zip;
  const suffix = person.suffix && random() < 0.5 ? ` ${person.suffix === "jr" ? "Jr." : "Sr."}` : "";
  const updated = `${2018 + randomInt(random, 8)}-${String(1 + randomInt(random, 12)).padStart(2, "0")}-${String(1 + randomInt(random, 28)).padStart(2, "0")}T00:00:00Z`;
  const record: SyntheticRecord = { record_id: recordId, source, updated_at: updated };
  const present = (rate: number) => random() < rate;
  switch (source) {
    case "crm":
      record.first_name = randomCase(random, first);
      if (person.middle && present(0.5)) record.middle_name = randomCase(random, person.middle);
      record.last_name = randomCase(random, last) + suffix;
      if (present(0.9)) record.dob = dob;
      if (present(0.85)) record.email = email;
      if (present(0.8)) record.phone = phone;
      record.street = formatStreet(random, address);
      record.city = randomCase(random, address.city);
      record.state = address.state.toUpperCase();
      record.postcode = zip;
      if (present(0.5))
        record.gender =
          person.gender === "m"
            ? pick(random, ["M", "Male", "male"])
            : pick(random, ["F", "Female", "female"]);
      break;
    case "billing":
      record.full_name =
        random() < 0.6
          ? `${titleCase(last)}${suffix}, ${titleCase(first)}`
          : `${titleCase(first)}${person.middle && present(0.5) ? ` ${person.middle[0]!.toUpperCase()}.` : ""} ${titleCase(last)}${suffix}`;
      record.street = formatStreet(random, address);
      record.city = randomCase(random, address.city);
      record.state = address.state.toUpperCase();
      record.postcode = zip;
      if (present(0.9)) record.phone = phone;
      if (present(0.6)) record.email = email;
      if (present(0.3)) record.dob = dob;
      break;
    case "support":
      record.full_name =
        random() < 0.8
          ? `${titleCase(first)} ${titleCase(last)}`
          : `${last.toUpperCase()}, ${titleCase(first)}`;
      record.email = email;
      if (present(0.7)) record.phone = phone;
      break;
    case "marketing":
      record.first_name = randomCase(random, first);
      if (present(0.6)) record.last_name = randomCase(random, last);
      record.email = email;
      if (present(0.7)) record.postcode = address.zip;
      if (present(0.3)) record.dob = dob;
      break;
    case "ecommerce":
      record.first_name = randomCase(random, first);
      record.last_name = randomCase(random, last);
      record.email = email;
      if (present(0.8)) record.phone = phone;
      record.street = formatStreet(random, address);
      record.city = randomCase(random, address.city);
      record.state = address.state;
      record.postcode = zip;
      if (present(0.2)) record.dob = dob;
      if (present(0.4)) record.gender = person.gender === "m" ? "M" : "F";
      break;
  }
  return record;
}

/** Generates `persons` people and their records across crm, billing, support, marketing and ecommerce. */
export function generateCustomers(options: SyntheticOptions): SyntheticDataset {
  const random = seededRandom(options.seed ?? 1);
  const records: SyntheticRecord[] = [];
  const personIds: string[] = [];
  let personCount = 0;
  const nextPersonId = () => `P${++personCount}`;
  const sequence: Record<string, number> = {};
  const nextRecordId = (source: SyntheticSource) => {
    sequence[source] = (sequence[source] ?? 0) + 1;
    return `${source}-${sequence[source]}`;
  };
  while (personCount < options.persons) {
    for (const person of makeHousehold(random, nextPersonId, options.persons - personCount)) {
      const roll = random();
      const sourceCount = roll < 0.25 ? 1 : roll < 0.55 ? 2 : roll < 0.8 ? 3 : roll < 0.92 ? 4 : 5;
      const sources = [...SOURCES].sort(() => random() - 0.5).slice(0, sourceCount);
      // Some systems hold the same person twice (a guest checkout, a re-keyed CRM contact).
      if (random() < 0.08) sources.push(pick(random, ["ecommerce", "crm", "marketing"] as const));
      for (const source of sources) {
        records.push(renderRecord(random, person, source, nextRecordId(source)));
        personIds.push(person.id);
      }
    }
  }
  return { records, personIds };
}
