import { describe, expect, it } from "vitest";
import { defaultBlockingRules } from "../block";
import { defaultComparisons } from "../compare/comparisons";
import { buildStore } from "../resolve";
import { createModel } from "./model";
import { PairScorer } from "./scorer";

const store = buildStore([
  {
    record_id: "a",
    first_name: "John",
    last_name: "Smith",
    email: "js@x.com",
    phone: "202-555-0143",
    street: "1 Oak St",
    postcode: "10001",
  },
  { record_id: "b", first_name: "John", last_name: "Smith" },
  { record_id: "c", first_name: "Jon", last_name: "Smith", email: "js@x.com" },
  {
    record_id: "d",
    first_name: "Mary",
    last_name: "Smith",
    phone: "202-555-0143",
    street: "1 Oak St",
    postcode: "10001",
  },
]);
const model = createModel(defaultComparisons(store), defaultBlockingRules(store));

describe("PairScorer name gate", () => {
  it("keeps relatives who share surname, phone and address from linking automatically", () => {
    const scorer = new PairScorer(model, store);
    expect(scorer.passesNameGate(0, 3)).toBe(false);
    expect(scorer.passesNameGate(0, 1)).toBe(true);
    expect(scorer.passesNameGate(0, 2)).toBe(true);
  });

  it("with corroboration, never links on names alone", () => {
    const scorer = new PairScorer({ ...model, nameGate: { ...model.nameGate!, corroboration: true } }, store);
    expect(scorer.passesNameGate(0, 1)).toBe(false);
    expect(scorer.passesNameGate(0, 2)).toBe(true);
  });

  it("lets a national id one digit apart through (FEBRL's replaced first names), but not two relatives' ids", () => {
    const ids = buildStore([
      { record_id: "p", first_name: "Jesse", last_name: "Ryan", dob: "1961-03-02", national_id: "5314621" },
      { record_id: "q", first_name: "Talia", last_name: "Ryan", dob: "1961-03-02", national_id: "5314627" },
      { record_id: "r", first_name: "Maxim", last_name: "Ryan", dob: "1961-03-02", national_id: "8802117" },
    ]);
    const scorer = new PairScorer(createModel(defaultComparisons(ids), defaultBlockingRules(ids)), ids);
    expect(scorer.passesNameGate(0, 1)).toBe(true);
    expect(scorer.passesNameGate(0, 2)).toBe(false);
  });

  it("is off when the model says so", () => {
    expect(new PairScorer({ ...model, nameGate: null }, store).passesNameGate(0, 3)).toBe(true);
  });
});
