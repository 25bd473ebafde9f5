// The population behind the population generator's records: households (singles, couples, families, roommates)
// whose members share an address, often a landline and sometimes one mailbox; marriages that changed a surname;
// twins; sons named after their fathers; people who moved or changed phone. Sources observe these people later.
import type { Random } from "../prng";
import { drawCulture, type Pools, type Sex, type Town } from "./pools";

export interface Address {
  number: string;
  street: string;
  suffix: string | null;
  unit: string | null;
  town: Town;
  postcode: string;
}

export interface Household {
  id: number;
  kind: "single" | "couple" | "family" | "single-parent" | "roommates";
  address: Address;
  /** Where the household lived before, for households that moved: older source records still hold it. */
  previousAddress: Address | null;
  landline: string | null;
  /** One mailbox for the family ("thegarcias@..."), given by several members to some systems. */
  sharedEmail: string | null;
  members: Person[];
}

export interface Person {
  id: string;
  household: Household;
  sex: Sex;
  given: string;
  middle: string | null;
  surname: string;
  /** Surname before marriage; systems that knew the person before still hold it. */
  formerSurname: string | null;
  suffix: "Jr" | null;
  dob: { year: number; month: number; day: number };
  /** Nine digits, or null for the young. */
  nationalId: string | null;
  mobile: string | null;
  previousMobile: string | null;
  email: string | null;
  /** Goes by the middle name in everyday life ("J. Robert Smith" is Robert). */
  goesByMiddle: boolean;
  /** Commonly uses a short form of the given name. */
  usesShortName: boolean;
  twinOf: string | null;
}

const CURRENT_YEAR = 2026;

export function ageOf(person: Person): number {
  return CURRENT_YEAR - person.dob.year;
}

function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function digits(random: Random, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += String(Math.floor(random() * 10));
  return text;
}

function phoneIn(town: Town, random: Random): string {
  return `${town.areaCode}${between(random, 2, 9)}${digits(random, 6)}`;
}

function addressIn(pools: Pools, random: Random, town?: Town): Address {
  const at = town ?? pools.towns.draw(random);
  const apartment = random() < 0.22;
  const street = pools.streets.draw(random);
  return {
    number: String(between(random, 1, random() < 0.7 ? 999 : 9999)),
    street: street.name,
    suffix: street.suffix,
    unit: apartment
      ? String(between(random, 1, 40)) + (random() < 0.3 ? "ABCD"[Math.floor(random() * 4)] : "")
      : null,
    town: at,
    postcode: String(at.postcode + Math.floor(random() * at.postcodes)).padStart(5, "0"),
  };
}

function birthDate(random: Random, age: number): Person["dob"] {
  const month = between(random, 1, 12);
  const days = new Date(Date.UTC(2001, month, 0)).getUTCDate();
  return { year: CURRENT_YEAR - age, month, day: between(random, 1, days) };
}

const ascii = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

function personalEmail(person: Person, pools: Pools, random: Random): string {
  const given = ascii(person.given);
  const surname = ascii(person.surname);
  const year = String(person.dob.year);
  const patterns = [
    `${given}.${surname}`,
    `${given}${surname}`,
    `${given[0]}${surname}`,
    `${given}${surname}${year.slice(2)}`,
    `${given}_${surname}${between(random, 1, 99)}`,
    `${surname}.${given}`,
    `${given}${between(random, 1, 9999)}`,
    `${given[0]}${surname}${between(random, 1, 999)}`,
    // Handles unrelated to the name: nothing in them repeats the name evidence.
    `${["sunny", "blue", "tiger", "happy", "maple", "river", "pixel", "lucky", "north", "coffee"][between(random, 0, 9)]}${["fox", "bird", "lake", "dog", "star", "rider", "moon", "wolf"][between(random, 0, 7)]}${between(random, 1, 999)}`,
  ];
  const weights = [0.22, 0.1, 0.13, 0.08, 0.07, 0.04, 0.13, 0.08, 0.15];
  let x = random();
  let local = patterns[0]!;
  for (let i = 0; i < patterns.length; i++)
    if ((x -= weights[i]!) < 0) {
      local = patterns[i]!;
      break;
    }
  return `${local}@${pools.emailDomains.draw(random)}`;
}

export interface PopulationOptions {
  persons: number;
}

/** People in households until `persons` are made (the last household may be cut short). */
export function buildPeople(
  pools: Pools,
  random: Random,
  options: PopulationOptions,
): { people: Person[]; households: Household[] } {
  const people: Person[] = [];
  const households: Household[] = [];
  while (people.length < options.persons) {
    const household = buildHousehold(households.length, pools, random);
    // The last household is cut to the count asked for.
    household.members = household.members.slice(0, options.persons - people.length);
    households.push(household);
    people.push(...household.members);
  }
  return { people, households };
}

function buildHousehold(id: number, pools: Pools, random: Random): Household {
  const roll = random();
  const kind: Household["kind"] =
    roll < 0.3
      ? "single"
      : roll < 0.55
        ? "couple"
        : roll < 0.88
          ? "family"
          : roll < 0.95
            ? "single-parent"
            : "roommates";
  const address = addressIn(pools, random);
  const moved = random() < 0.22;
  const household: Household = {
    id,
    kind,
    address,
    previousAddress: moved ? addressIn(pools, random, random() < 0.6 ? address.town : undefined) : null,
    landline: random() < (kind === "single" ? 0.12 : 0.3) ? phoneIn(address.town, random) : null,
    sharedEmail: null,
    members: [],
  };
  const culture = drawCulture(pools, random);
  let familyName = culture.surnames.draw(random);
  let sequence = 0;
  const make = (sex: Sex, age: number, surname: string, given?: string): Person => {
    const names = sex === "f" ? culture.female : culture.male;
    // Given names drift toward the majority culture in later generations and mixed households.
    const givenPool =
      random() < 0.2 ? (sex === "f" ? pools.cultures[0]!.female : pools.cultures[0]!.male) : names;
    const person: Person = {
      id: `h${id}p${sequence++}`,
      household,
      sex,
      given: given ?? givenPool.draw(random),
      middle: random() < 0.55 ? givenPool.draw(random) : null,
      surname,
      formerSurname: null,
      suffix: null,
      dob: birthDate(random, age),
      nationalId:
        age >= 16 || random() < 0.5
          ? `${between(random, 1, 899)}`.padStart(3, "0") + digits(random, 6)
          : null,
      mobile:
        age >= 13 && random() < 0.88
          ? phoneIn(random() < 0.8 ? address.town : pools.towns.draw(random), random)
          : null,
      previousMobile: null,
      email: null,
      goesByMiddle: false,
      usesShortName: random() < 0.22,
      twinOf: null,
    };
    person.goesByMiddle = person.middle !== null && random() < 0.05;
    if (person.mobile && random() < 0.15) person.previousMobile = phoneIn(address.town, random);
    if (age >= 14 && random() < 0.9) person.email = personalEmail(person, pools, random);
    household.members.push(person);
    return person;
  };

  if (kind === "roommates") {
    const count = between(random, 2, 3);
    for (let i = 0; i < count; i++) {
      const other = drawCulture(pools, random);
      make(random() < 0.5 ? "f" : "m", between(random, 19, 35), other.surnames.draw(random));
    }
    return household;
  }
  const firstSex: Sex = random() < 0.5 ? "f" : "m";
  const firstAge = kind === "single" ? between(random, 18, 92) : between(random, 22, 80);
  const first = make(firstSex, firstAge, familyName);
  if (kind === "couple" || kind === "family") {
    const sameSex = random() < 0.04;
    const partnerSex: Sex = sameSex ? firstSex : firstSex === "f" ? "m" : "f";
    const partnerAge = Math.max(18, firstAge + between(random, -6, 6));
    const takesName = !sameSex && random() < 0.72;
    const partner = make(partnerSex, partnerAge, culture.surnames.draw(random));
    if (takesName) {
      // Mostly the wife takes the husband's surname (some hyphenate); systems that knew her before keep the old one.
      const changer = (first.sex === "f") === random() < 0.9 ? first : partner;
      const keeper = changer === first ? partner : first;
      changer.formerSurname = changer.surname;
      changer.surname = random() < 0.1 ? `${changer.surname}-${keeper.surname}` : keeper.surname;
      familyName = keeper.surname;
    }
    if (random() < 0.2)
      household.sharedEmail = `${ascii(familyName)}${random() < 0.5 ? "family" : "s"}${random() < 0.5 ? between(random, 1, 99) : ""}@${pools.emailDomains.draw(random)}`;
  }
  if (kind === "family" || kind === "single-parent") {
    const parents = household.members.slice();
    const youngest = Math.min(...parents.map(ageOf));
    const children = between(random, 1, random() < 0.75 ? 3 : 5);
    const father = parents.find((p) => p.sex === "m");
    for (let c = 0; c < children; c++) {
      const age = Math.max(0, youngest - between(random, 20, 40));
      const sex: Sex = random() < 0.5 ? "f" : "m";
      const junior = sex === "m" && father && c === 0 && random() < 0.08;
      const child = make(sex, age, familyName, junior ? father.given : undefined);
      if (junior) {
        child.suffix = "Jr";
        child.middle = father.middle;
      }
      if (random() < 0.03) {
        // Twins: one birth date, one surname and address; given names often rhyme or share the first letter.
        const twinSex: Sex = random() < 0.5 ? sex : sex === "f" ? "m" : "f";
        const twin = make(twinSex, age, familyName);
        twin.dob = { ...child.dob };
        if (random() < 0.4) {
          const pool = twinSex === "f" ? culture.female : culture.male;
          for (let tries = 0; tries < 30; tries++) {
            const candidate = pool.draw(random);
            if (candidate[0] === child.given[0] && candidate !== child.given) {
              twin.given = candidate;
              break;
            }
          }
        }
        twin.twinOf = child.id;
        child.twinOf = twin.id;
        c++;
      }
    }
  }
  return household;
}
