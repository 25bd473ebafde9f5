// A record holding nothing but an email joins the one cluster that holds that email, in the batch and in real time;
// it stays apart when a name on it contradicts a member (a family mailbox), when two clusters hold the email, and
// when the rule is turned off.
import { describe, expect, it } from "vitest";
import { decisionWeightsOf } from "./classify";
import type { InputRecord } from "../fields";
import { planArrivals } from "../realtime/plan-arrivals";
import { ResidentIndex } from "../realtime/resident-index";
import { resolveRecords } from "../resolve";
import { standardizeRecord } from "../standardize/record";
import { generateCustomers } from "../synthetic/generate";

const background = generateCustomers({ persons: 1500, seed: 21 }).records;
const model = resolveRecords(background, { uSampleSize: 100_000 }).model;

const people: InputRecord[] = [
  // One person in two systems, and a newsletter sign-up with only her mailbox.
  {
    record_id: "crm-joana",
    source: "crm",
    first_name: "Joana",
    last_name: "Swiftwater",
    dob: "1973-04-02",
    email: "joana.swiftwater73@example.net",
    phone: "+1 415 555 0142",
  },
  {
    record_id: "bill-joana",
    source: "billing",
    full_name: "SWIFTWATER, JOANA",
    email: "JOANA.SWIFTWATER73@EXAMPLE.NET",
    street: "882 6th Street",
    city: "Peoria",
    postcode: "61602",
  },
  { record_id: "nl-joana", source: "newsletter", email: "joana.swiftwater73@example.net" },
  // A family mailbox: the newsletter record names another member of the family.
  {
    record_id: "crm-carmen",
    source: "crm",
    first_name: "Carmen",
    last_name: "Monterrosa",
    dob: "1980-09-12",
    email: "monterrosa.home@example.org",
  },
  {
    record_id: "nl-victor",
    source: "newsletter",
    first_name: "Victor",
    email: "monterrosa.home@example.org",
  },
  // Two different people give one address; a newsletter record with it could be either.
  {
    record_id: "crm-ann",
    source: "crm",
    first_name: "Ann",
    last_name: "Leeward",
    dob: "1961-02-03",
    email: "shared.box@example.com",
    phone: "+1 212 555 0101",
  },
  {
    record_id: "crm-bob",
    source: "crm",
    first_name: "Bob",
    last_name: "Kimbrough",
    dob: "1990-07-08",
    email: "shared.box@example.com",
    phone: "+1 646 555 0199",
  },
  { record_id: "nl-shared", source: "newsletter", email: "shared.box@example.com" },
];

function clustersOf(attachFieldPoor: boolean) {
  const result = resolveRecords([...background, ...people], { model, attachFieldPoor });
  const clusterOf = new Map(result.clusterIds.map((cluster, i) => [result.store.idAt(i), cluster]));
  return (id: string) => clusterOf.get(id)!;
}

describe("field-poor records named by one email (decision 0107)", () => {
  it("joins the batch cluster holding the email, and only that one", () => {
    const cluster = clustersOf(true);
    expect(cluster("crm-joana")).toBe(cluster("bill-joana"));
    expect(cluster("nl-joana")).toBe(cluster("crm-joana"));
    // Contradicting given name: a family member reading the family mailbox is not Carmen.
    expect(cluster("nl-victor")).not.toBe(cluster("crm-carmen"));
    // Held by two people: ambiguous, so apart from both.
    expect(cluster("crm-ann")).not.toBe(cluster("crm-bob"));
    expect(cluster("nl-shared")).not.toBe(cluster("crm-ann"));
    expect(cluster("nl-shared")).not.toBe(cluster("crm-bob"));
  });

  it("leaves the sign-up apart when the rule is off (the pair alone does not reach the match weight)", () => {
    const cluster = clustersOf(false);
    expect(cluster("crm-joana")).toBe(cluster("bill-joana"));
    expect(cluster("nl-joana")).not.toBe(cluster("crm-joana"));
  });

  it("decides arrivals in real time as the batch does", () => {
    const index = new ResidentIndex(model, { ids: "text" });
    for (const record of background) index.put(standardizeRecord(record), `profile-${record.record_id}`);
    const profileOf: Record<string, string> = {
      "crm-joana": "p-joana",
      "bill-joana": "p-joana",
      "crm-carmen": "p-carmen",
      "crm-ann": "p-ann",
      "crm-bob": "p-bob",
    };
    for (const record of people)
      if (profileOf[record.record_id]) index.put(standardizeRecord(record), profileOf[record.record_id]!);
    index.finishLoading();
    const arrivals = people
      .filter((record) => !profileOf[record.record_id])
      .map((record) => ({ record: standardizeRecord(record), profileId: null, version: 1 }));
    let made = 0;
    const plan = planArrivals(
      { model, modelVersion: 1, matchWeight: decisionWeightsOf(model).matchWeight, profilesWithTask: 0 },
      index,
      arrivals,
      () => `new-${++made}`,
    );
    const outcome = (id: string) => plan.outcomes.find((o) => o.recordId === id)!;
    expect(outcome("nl-joana")).toMatchObject({ decision: "linked", profileId: "p-joana" });
    expect(outcome("nl-victor").profileId).not.toBe("p-carmen");
    expect(["p-ann", "p-bob"]).not.toContain(outcome("nl-shared").profileId);
  });
});
