// A second synthetic data generator, written apart from the first (../synthetic) so that the engine can be judged
// on data it was not shaped on: a population in households, observed by six systems with their own gaps, staleness
// and typing habits. Records come shuffled, with each system's own id style, and the truth beside them.
import type { InputRecord } from "../fields";
import { seededRandom } from "../prng";
import { buildPeople, type Household, type Person } from "./people";
import { buildPools } from "./pools";
import { observe, recordsOf, SOURCE_PROFILES } from "./sources";

export interface PopulationOptions {
  persons: number;
  seed?: number;
}

export interface PopulationRecord extends InputRecord {
  source: string;
  updated_at: string;
}

export interface Population {
  records: PopulationRecord[];
  /** Ground truth: the person behind records[i]. */
  personIds: string[];
  /** Ground truth: the household of the person behind records[i]. */
  householdIds: string[];
  people: Person[];
  households: Household[];
}

/** A fixed "now" keeps the output identical run to run (record timestamps count back from it). */
const NOW = Date.UTC(2026, 0, 15);

export function generatePopulation(options: PopulationOptions): Population {
  const seed = options.seed ?? 1;
  // Pools and people draw from their own streams, so a change in one does not reshuffle the other.
  const pools = buildPools(seededRandom(seed * 7919 + 17));
  const random = seededRandom(seed);
  const { people, households } = buildPeople(pools, random, { persons: options.persons });
  const observed: { record: PopulationRecord; person: Person }[] = [];
  for (const person of people) {
    for (const source of recordsOf(person, random))
      observed.push({ record: observe(person, source, random, NOW) as PopulationRecord, person });
  }
  // Shuffled, then numbered per system: neither order nor ids say who is who.
  for (let i = observed.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [observed[i], observed[j]] = [observed[j]!, observed[i]!];
  }
  const counters = new Map<string, number>();
  const prefixOf = new Map(SOURCE_PROFILES.map((s) => [s.name, s.idPrefix]));
  for (const { record } of observed) {
    const n = (counters.get(record.source) ?? 0) + 1;
    counters.set(record.source, n);
    record.record_id = `${prefixOf.get(record.source)}${String(100_000 + n * 7).padStart(7, "0")}`;
  }
  return {
    records: observed.map((o) => o.record),
    personIds: observed.map((o) => o.person.id),
    householdIds: observed.map((o) => `h${o.person.household.id}`),
    people,
    households,
  };
}
