// The population generator produces what it claims: households that share address and contacts, marriages,
// twins, a system where most records lack a birth date, field-poor systems, short names not taken from a list.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../prng";
import { formalGivenName } from "../standardize/nicknames";
import { standardizeRecord } from "../standardize/record";
import { formatBirthDate, shortForm } from "./distortions";
import { generatePopulation } from "./generate-population";

const population = generatePopulation({ persons: 6000, seed: 5 });
const bySource = (name: string) => population.records.filter((r) => r.source === name);
const share = <T>(items: readonly T[], test: (item: T) => boolean) =>
  items.filter(test).length / items.length;

describe("generatePopulation", () => {
  it("is reproducible from its seed and different for another seed", () => {
    const again = generatePopulation({ persons: 300, seed: 5 });
    expect(generatePopulation({ persons: 300, seed: 5 }).records).toEqual(again.records);
    expect(generatePopulation({ persons: 300, seed: 6 }).records).not.toEqual(again.records);
  });

  it("makes the persons asked for, about 2.2 records each, ids unique, each record with its person and household", () => {
    expect(population.people).toHaveLength(6000);
    expect(new Set(population.personIds).size).toBe(6000);
    expect(population.records.length / 6000).toBeGreaterThan(1.9);
    expect(population.records.length / 6000).toBeLessThan(2.5);
    expect(new Set(population.records.map((r) => r.record_id)).size).toBe(population.records.length);
    expect(population.householdIds).toHaveLength(population.records.length);
  });

  it("has one system where most records lack a date of birth, and others that keep it", () => {
    expect(share(bySource("invoicing"), (r) => !r.dob)).toBeGreaterThan(0.85);
    expect(share(bySource("clinic"), (r) => !!r.dob)).toBeGreaterThan(0.95);
    expect(share(bySource("accounts"), (r) => !!r.dob)).toBeGreaterThan(0.9);
  });

  it("has field-poor systems: the call centre keeps no street address, the newsletter little beyond the mailbox", () => {
    expect(bySource("callcenter").every((r) => !r.street && !r.city)).toBe(true);
    expect(share(bySource("callcenter"), (r) => !!r.phone)).toBe(1);
    const newsletter = bySource("newsletter");
    expect(share(newsletter, (r) => !!r.email)).toBe(1);
    expect(share(newsletter, (r) => !!r.last_name)).toBeLessThan(0.55);
    expect(newsletter.every((r) => !r.street && !r.dob && !r.phone)).toBe(true);
  });

  it("puts households at one address, and some share a landline or one mailbox between members", () => {
    const families = population.households.filter((h) => h.members.length >= 2);
    expect(families.length).toBeGreaterThan(1000);
    expect(share(families, (h) => h.landline !== null)).toBeGreaterThan(0.2);
    expect(families.some((h) => h.sharedEmail !== null)).toBe(true);
    // Records of two different members of one household carrying the same mailbox.
    const mailboxes = new Map<string, Set<string>>();
    population.records.forEach((r, i) => {
      if (!r.email) return;
      const key = r.email.toLowerCase();
      mailboxes.set(key, (mailboxes.get(key) ?? new Set()).add(population.personIds[i]!));
    });
    expect([...mailboxes.values()].filter((people) => people.size >= 2).length).toBeGreaterThan(50);
  });

  it("has married people whose older records keep the former surname", () => {
    const married = population.people.filter((p) => p.formerSurname !== null);
    expect(married.length).toBeGreaterThan(300);
    const byPerson = new Map(married.map((p) => [p.id, p]));
    let former = 0;
    population.records.forEach((r, i) => {
      const person = byPerson.get(population.personIds[i]!);
      const text = `${r.last_name ?? ""} ${r.full_name ?? ""}`.toLowerCase();
      if (
        person &&
        text.includes(person.formerSurname!.toLowerCase()) &&
        !text.includes(person.surname.toLowerCase())
      )
        former++;
    });
    expect(former).toBeGreaterThan(30);
  });

  it("has twins: two people of one household born the same day", () => {
    const twins = population.people.filter((p) => p.twinOf !== null);
    expect(twins.length).toBeGreaterThan(10);
    for (const twin of twins) {
      const other = population.people.find((p) => p.id === twin.twinOf);
      if (!other) continue;
      expect(other.dob).toEqual(twin.dob);
      expect(other.household).toBe(twin.household);
    }
  });

  it("writes some birth dates with day and month exchanged", () => {
    const person = new Map(population.people.map((p) => [p.id, p]));
    let swapped = 0;
    population.records.forEach((r, i) => {
      if (!r.dob) return;
      const p = person.get(population.personIds[i]!)!;
      const iso = standardizeRecord(r).dob;
      if (p.dob.day <= 12 && p.dob.day !== p.dob.month && iso === formatBirthDate(p.dob, "iso", true))
        swapped++;
    });
    expect(swapped).toBeGreaterThan(30);
  });

  it("derives short forms by rule, most of which no nickname list of the engine knows", () => {
    const random = seededRandom(1);
    expect(shortForm("Christopher", () => 0.1)).toBe("Chris");
    const names = [
      "Kimberly",
      "Theodora",
      "Bartholomew",
      "Leopold",
      "Gwendolyn",
      "Maximilian",
      "Rosalind",
      "Ferdinand",
      "Clementine",
      "Augustin",
    ];
    const unknown = names.filter((name) => {
      const short = shortForm(name, random);
      return short !== null && formalGivenName(short.toLowerCase()) !== formalGivenName(name.toLowerCase());
    });
    expect(unknown.length).toBeGreaterThanOrEqual(5);
  });
});
