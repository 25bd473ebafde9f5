// Name, street and place pools of the population generator, taken from faker's locale data (not from the first
// generator's lists), with skewed frequencies: real names are Zipf-like, and namesakes come from that skew.
import { fakerDE, fakerEN_US, fakerES_MX, fakerFR, fakerIT, fakerPL, fakerVI } from "@faker-js/faker";
import type { Random } from "../prng";

export type Sex = "f" | "m";

/** Draws from a list whose i-th entry (after a seeded shuffle) has weight 1 / (i + offset)^exponent. */
export class RankedPool<T> {
  private readonly cumulative: Float64Array;
  readonly items: readonly T[];

  constructor(items: readonly T[], random: Random, offset: number, exponent = 1) {
    const shuffled = [...new Set(items)];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    this.items = shuffled;
    this.cumulative = new Float64Array(shuffled.length);
    let total = 0;
    for (let i = 0; i < shuffled.length; i++)
      this.cumulative[i] = total += 1 / Math.pow(i + offset, exponent);
    for (let i = 0; i < shuffled.length; i++) this.cumulative[i]! /= total;
  }

  draw(random: Random): T {
    const x = random();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }

  /** Share of draws that land on the most frequent item. */
  get topShare(): number {
    return this.cumulative[0]!;
  }
}

/** Names of letters, apostrophes and hyphens; two words at most (Vietnamese given names are two: "Anh Vũ"). */
function plainNames(list: readonly string[] | undefined): string[] {
  return (list ?? []).filter((name) => /^[\p{L}'-]+( [\p{L}'-]+)?$/u.test(name) && name.length >= 2);
}

interface Culture {
  name: string;
  /** Share of households of this background. */
  share: number;
  female: RankedPool<string>;
  male: RankedPool<string>;
  surnames: RankedPool<string>;
}

const LOCALES = [
  { name: "us", share: 0.6, faker: fakerEN_US },
  { name: "mx", share: 0.17, faker: fakerES_MX },
  { name: "de", share: 0.06, faker: fakerDE },
  { name: "it", share: 0.06, faker: fakerIT },
  { name: "pl", share: 0.04, faker: fakerPL },
  { name: "fr", share: 0.04, faker: fakerFR },
  { name: "vi", share: 0.03, faker: fakerVI },
] as const;

const STREET_SUFFIXES = [
  "Street",
  "Avenue",
  "Road",
  "Lane",
  "Drive",
  "Court",
  "Place",
  "Boulevard",
  "Way",
  "Terrace",
];

export interface Pools {
  cultures: Culture[];
  streets: RankedPool<{ name: string; suffix: string | null }>;
  towns: RankedPool<Town>;
  emailDomains: RankedPool<string>;
}

export interface Town {
  city: string;
  state: string;
  /** First postcode of the town; households get one of `postcodes` consecutive codes. */
  postcode: number;
  postcodes: number;
  areaCode: string;
}

export function buildPools(random: Random): Pools {
  const cultures = LOCALES.map(({ name, share, faker }) => {
    const given = faker.definitions.person.first_name as {
      female?: string[];
      male?: string[];
      generic?: string[];
    };
    const surnames = plainNames((faker.definitions.person.last_name as { generic?: string[] }).generic);
    const female = plainNames(given.female ?? given.generic);
    const male = plainNames(given.male ?? given.generic);
    return {
      name,
      share,
      female: new RankedPool(female, random, 8),
      male: new RankedPool(male, random, 8),
      // A flatter head than given names: the commonest surname of a background is about 1-2 % of it.
      surnames: new RankedPool(surnames, random, 25),
    };
  });
  const us = fakerEN_US.definitions.location;
  const cityNames = [...new Set(us.city_name as string[])];
  const states = us.state_abbr as string[];
  const towns: Town[] = cityNames.map((city, i) => ({
    city,
    state: states[Math.floor(random() * states.length)]!,
    postcode: 10_000 + ((i * 97) % 89_000),
    postcodes: 1 + Math.floor(random() * 6),
    areaCode: String(201 + Math.floor(random() * 780)),
  }));
  return {
    cultures,
    // Faker's street names carry their suffix ("Maple Avenue"); the suffix is kept apart so systems can abbreviate it.
    streets: new RankedPool(
      (us.street_name as string[]).map((name) => {
        const words = name.split(" ");
        const last = words[words.length - 1]!;
        return STREET_SUFFIXES.includes(last) && words.length > 1
          ? { name: words.slice(0, -1).join(" "), suffix: last }
          : { name, suffix: null };
      }),
      random,
      15,
    ),
    towns: new RankedPool(towns, random, 3, 0.9),
    emailDomains: new RankedPool(
      [
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "aol.com",
        "icloud.com",
        "comcast.net",
        "proton.me",
        "att.net",
        "verizon.net",
        "msn.com",
        "live.com",
        "mail.com",
        "gmx.com",
      ],
      random,
      1.5,
      1.3,
    ),
  };
}

export function drawCulture(pools: Pools, random: Random): Culture {
  let x = random();
  for (const culture of pools.cultures) if ((x -= culture.share) < 0) return culture;
  return pools.cultures[0]!;
}
