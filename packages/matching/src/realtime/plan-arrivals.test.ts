// Real time decides as the batch run decides: planArrivals over the resident index against resolveRecords over the
// same records with the same model (one classify(), one chaining guard), and late arrivals land on their person.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decisionWeightsOf, isMatch } from "../decide/classify";
import { explainPair } from "../explain";
import { PairScorer } from "../model/scorer";
import { resolveRecords } from "../resolve";
import { standardizeRecord, type StandardRecord } from "../standardize/record";
import { generateCustomers } from "../synthetic/generate";
import { planArrivals, type ArrivalSettings } from "./plan-arrivals";
import { ResidentIndex } from "./resident-index";

const trained = resolveRecords(generateCustomers({ persons: 1500, seed: 21 }).records, {
  uSampleSize: 100_000,
});
const model = trained.model;
const settings: ArrivalSettings = {
  model,
  modelVersion: 1,
  matchWeight: decisionWeightsOf(model).matchWeight,
  profilesWithTask: 0,
};

function standardized(records: readonly { record_id: string }[]): StandardRecord[] {
  return records.map((r) => standardizeRecord(r as Parameters<typeof standardizeRecord>[0]));
}

describe("planArrivals: real time decides each pair as the batch run does", () => {
  it("links an arrival exactly to its strongest batch match, and makes a new profile when the batch matches it to nobody", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(), (seed, pick) => {
        const records = standardized(generateCustomers({ persons: 60, seed }).records);
        const arrival = records[pick % records.length]!;
        // The batch over every record, with the trained model: which pairs involving the arrival link.
        const batch = resolveRecords(records, { model });
        const store = batch.store;
        const self = store.positionOf(arrival.id)!;
        const weights = decisionWeightsOf(model);
        const scorer = new PairScorer(batch.model, store);
        const gate = (a: number, b: number) => scorer.passesNameGate(a, b);
        let strongest: { id: string; weight: number } | null = null;
        for (let i = 0; i < batch.scored.length; i++) {
          const a = batch.scored.a[i]!;
          const b = batch.scored.b[i]!;
          if (a !== self && b !== self) continue;
          const weight = batch.scored.weight[i]!;
          if (!isMatch(weight, weights.matchWeight, gate, a, b)) continue;
          // The explanation a steward reads says the same.
          expect(explainPair(scorer, a, b).decision).toBe("match");
          const other = store.idAt(a === self ? b : a);
          if (!strongest || weight > strongest.weight) strongest = { id: other, weight };
        }
        // Real time: every other record held, each its own profile (so only the pair decides), then the arrival.
        const index = new ResidentIndex(model, { ids: "text" });
        for (const record of records) if (record.id !== arrival.id) index.put(record, `profile-${record.id}`);
        index.finishLoading();
        const plan = planArrivals(
          settings,
          index,
          [{ record: arrival, profileId: null, version: 1 }],
          () => "new",
        );
        const outcome = plan.outcomes[0]!;
        if (strongest)
          expect(outcome).toMatchObject({ decision: "linked", profileId: `profile-${strongest.id}` });
        // Linked to nobody by its pairs, it joins a profile only as a field-poor record whose email or phone that
        // profile holds (decision 0107), which the batch would attach as well.
        else if (outcome.decision === "linked") {
          const holder = store.positionOf(outcome.profileId!.slice("profile-".length))!;
          const contact = (["email", "phone"] as const).find(
            (field) => arrival[field] !== null && arrival[field] === store.value(holder, field),
          );
          expect(contact).toBeDefined();
          for (const field of ["dob", "nationalId", "street", "email", "phone"] as const)
            if (field !== contact) expect(arrival[field]).toBeNull();
        }
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it("puts most late arrivals on a profile of their own person, and rarely on anyone else's", () => {
    const { records, personIds } = generateCustomers({ persons: 1500, seed: 22 });
    const personOf = new Map(records.map((r, i) => [r.record_id, personIds[i]!]));
    // Every tenth record arrives later; the rest are resolved in a batch first and held as profiles.
    const stored = records.filter((_, i) => i % 10 !== 0);
    const late = records.filter((_, i) => i % 10 === 0);
    const batch = resolveRecords(stored, { model });
    const index = new ResidentIndex(model, { ids: "text" });
    for (let position = 0; position < batch.store.size; position++)
      index.put(batch.store.record(position), batch.clusterIds[position]!);
    index.finishLoading();
    const personsOfProfile = new Map<string, Set<string>>();
    stored.forEach((record, i) => {
      const members = personsOfProfile.get(batch.clusterIds[i]!) ?? new Set();
      members.add(personOf.get(record.record_id)!);
      personsOfProfile.set(batch.clusterIds[i]!, members);
    });
    const storedPersons = new Set(stored.map((r) => personOf.get(r.record_id)));
    let right = 0;
    let wrong = 0;
    let known = 0;
    let profiles = 0;
    for (const record of late) {
      const person = personOf.get(record.record_id)!;
      if (storedPersons.has(person)) known++;
      const plan = planArrivals(
        settings,
        index,
        [{ record: standardizeRecord(record), profileId: null, version: 1 }],
        () => `new-${++profiles}`,
      );
      const outcome = plan.outcomes[0]!;
      if (outcome.decision !== "linked") continue;
      if (personsOfProfile.get(outcome.profileId!)?.has(person)) right++;
      else wrong++;
    }
    expect(known).toBeGreaterThan(100);
    expect(right / known).toBeGreaterThan(0.8);
    expect(wrong / (right + wrong)).toBeLessThan(0.05);
  });
});
