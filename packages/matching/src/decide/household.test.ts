import { describe, expect, it } from "vitest";
import { defaultBlockingRules } from "../block";
import { defaultComparisons } from "../compare/comparisons";
import type { InputRecord } from "../fields";
import { createModel } from "../model/model";
import { PairScorer } from "../model/scorer";
import { buildStore } from "../resolve";
import { householdClassifier } from "./household";

const home = { street: "12 Elm Street", city: "Springfield", postcode: "62701", phone: "217-555-0101" };
const records: InputRecord[] = [
  { record_id: "matt", first_name: "Matt", last_name: "Fuentes", dob: "1970-04-02", ...home },
  { record_id: "ann", first_name: "Ann", last_name: "Fuebtes", dob: "1972-09-13", ...home },
  {
    record_id: "ann-no-dob",
    first_name: "Ann",
    last_name: "Fuentes",
    street: home.street,
    city: home.city,
    postcode: home.postcode,
  },
  { record_id: "twin", first_name: "Luke", last_name: "Fuentes", dob: "1970-04-02", ...home },
  { record_id: "matthew", first_name: "Matthew", last_name: "Fuentes", dob: "1981-01-01", ...home },
  {
    record_id: "neighbour",
    first_name: "Rosa",
    last_name: "Fuentes",
    dob: "1950-01-01",
    street: "14 Elm Street",
    city: "Springfield",
    postcode: "62701",
  },
  { record_id: "spouse", first_name: "Kim", last_name: "Olsen", dob: "1969-11-30", ...home },
  {
    record_id: "lodger",
    first_name: "Tom",
    last_name: "Berg",
    dob: "1990-02-02",
    street: home.street,
    city: home.city,
    postcode: home.postcode,
  },
  {
    record_id: "same-id",
    first_name: "Ana",
    last_name: "Fuentes",
    dob: "1990-01-01",
    national_id: "123456789",
    ...home,
  },
  {
    record_id: "same-id-2",
    first_name: "Rita",
    last_name: "Fuentes",
    dob: "1991-01-01",
    national_id: "123456789",
    ...home,
  },
];
const store = buildStore(records);
const scorer = new PairScorer(createModel(defaultComparisons(store), defaultBlockingRules(store)), store);
const classifier = householdClassifier(scorer);
const at = (id: string) => records.findIndex((r) => r.record_id === id);
const household = (x: string, y: string) => classifier.isHousehold(at(x), at(y));

describe("householdClassifier", () => {
  it("calls two people at one address with one surname and different given names and birth dates a household", () => {
    expect(household("matt", "ann")).toBe(true);
    expect(household("matt", "ann-no-dob")).toBe(true);
  });

  it("counts a partner with another surname who shares the address and the landline", () => {
    expect(household("matt", "spouse")).toBe(true);
  });

  it("leaves to review what could be one person: same birth date (twins too), a national id, given names that are close", () => {
    expect(household("matt", "twin")).toBe(false);
    expect(household("same-id", "same-id-2")).toBe(false);
    expect(household("matt", "matthew")).toBe(false);
  });

  it("needs the same street address and a family tie", () => {
    expect(household("matt", "neighbour")).toBe(false);
    expect(household("matt", "lodger")).toBe(false);
  });
});
