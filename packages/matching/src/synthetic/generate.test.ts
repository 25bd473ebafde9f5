import { describe, expect, it } from "vitest";
import { standardizeRecord } from "../standardize/record";
import { generateCustomers } from "./generate";

describe("generateCustomers", () => {
  const dataset = generateCustomers({ persons: 3000, seed: 4 });

  it("is deterministic for a seed and different across seeds", () => {
    expect(generateCustomers({ persons: 200, seed: 4 })).toEqual(
      generateCustomers({ persons: 200, seed: 4 }),
    );
    expect(generateCustomers({ persons: 200, seed: 5 }).records[0]).not.toEqual(
      generateCustomers({ persons: 200, seed: 4 }).records[0],
    );
  });

  it("gives every record its person and spreads persons over the five sources", () => {
    expect(new Set(dataset.personIds).size).toBe(3000);
    expect(dataset.personIds.length).toBe(dataset.records.length);
    expect(new Set(dataset.records.map((r) => r.source))).toEqual(
      new Set(["crm", "billing", "support", "marketing", "ecommerce"]),
    );
    expect(new Set(dataset.records.map((r) => r.record_id)).size).toBe(dataset.records.length);
  });

  it("contains the hard cases: Last, First; households sharing a phone; namesakes; nicknames", () => {
    expect(dataset.records.some((r) => /^[^,]+, [^,]+$/.test(r.full_name ?? ""))).toBe(true);
    const personsByPhone = new Map<string, Set<string>>();
    const personsByName = new Map<string, Set<string>>();
    const firstNamesByPerson = new Map<string, Set<string>>();
    dataset.records.forEach((record, i) => {
      const std = standardizeRecord(record);
      const person = dataset.personIds[i]!;
      if (std.phone)
        (personsByPhone.get(std.phone) ?? personsByPhone.set(std.phone, new Set()).get(std.phone)!).add(
          person,
        );
      if (std.firstName && std.lastName) {
        const key = `${std.firstName} ${std.lastName}`;
        (personsByName.get(key) ?? personsByName.set(key, new Set()).get(key)!).add(person);
        (firstNamesByPerson.get(person) ?? firstNamesByPerson.set(person, new Set()).get(person)!).add(
          std.firstName,
        );
      }
    });
    expect([...personsByPhone.values()].filter((s) => s.size > 1).length).toBeGreaterThan(50);
    expect([...personsByName.values()].filter((s) => s.size > 1).length).toBeGreaterThan(50);
    expect([...firstNamesByPerson.values()].filter((s) => s.size > 1).length).toBeGreaterThan(100);
  });
});
