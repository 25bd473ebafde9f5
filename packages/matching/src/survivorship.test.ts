import { describe, expect, it } from "vitest";
import { surviveAttributes, type SurvivorshipMember } from "./survivorship";

const members: SurvivorshipMember[] = [
  {
    recordId: "crm-1",
    source: "crm",
    updatedAt: "2020-01-01T00:00:00Z",
    values: { first_name: "Robert", email: "bob@old.com", phone: "+12025550143", street: "12 Main St" },
  },
  {
    recordId: "billing-7",
    source: "billing",
    updatedAt: "2024-06-01T00:00:00Z",
    values: { first_name: "Bob", email: "bob@new.com", phone: null, street: "12 Main Street Apt 4" },
  },
  {
    recordId: "web-3",
    source: "ecommerce",
    updatedAt: "2023-03-01T00:00:00Z",
    values: { first_name: "Bob", email: "bob@new.com", phone: "+12025550199", street: null },
  },
];

describe("surviveAttributes", () => {
  it("chooses per attribute by its rule and says where each value came from", () => {
    const golden = surviveAttributes(members, {
      rules: { first_name: "sourceTrust", email: "mostRecent", phone: "mostFrequent", street: "longest" },
      sourceTrust: ["crm", "billing", "ecommerce"],
    });
    expect(golden.first_name).toEqual({
      value: "Robert",
      recordId: "crm-1",
      source: "crm",
      rule: "sourceTrust",
    });
    expect(golden.email).toEqual({
      value: "bob@new.com",
      recordId: "billing-7",
      source: "billing",
      rule: "mostRecent",
    });
    expect(golden.street).toMatchObject({ value: "12 Main Street Apt 4", rule: "longest" });
  });

  it("breaks ties with the next rule, then deterministically by record id", () => {
    const golden = surviveAttributes(members, {
      rules: { phone: ["mostFrequent", "mostRecent"], first_name: "mostFrequent" },
    });
    expect(golden.phone).toEqual({
      value: "+12025550199",
      recordId: "web-3",
      source: "ecommerce",
      rule: "mostRecent",
    });
    expect(golden.first_name).toMatchObject({ value: "Bob", recordId: "billing-7", rule: "mostFrequent" });
    const reversed = surviveAttributes([...members].reverse(), {
      rules: { phone: ["mostFrequent", "mostRecent"], first_name: "mostFrequent" },
    });
    expect(reversed).toEqual(golden);
  });

  it("takes the most complete record's value and per-attribute trust", () => {
    const golden = surviveAttributes(members, {
      rules: { email: "mostComplete", street: "sourceTrust" },
      sourceTrust: { street: ["billing", "crm"] },
    });
    expect(golden.email).toMatchObject({ recordId: "crm-1", rule: "mostComplete" });
    expect(golden.street).toMatchObject({ recordId: "billing-7", rule: "sourceTrust" });
  });
});
