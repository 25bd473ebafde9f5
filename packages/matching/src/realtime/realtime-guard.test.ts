// Real time applies the batch's guard against chaining (mayJoinClusters, decision 0102) to every member of the
// profile an arrival would join: a record that links strongly to one member of a profile but is clearly someone
// else than another member does not join it. Before, real time looked only at the arrival's best candidate.
import {
  generateCustomers,
  probabilityToWeight,
  resolveRecords,
  standardizeRecord,
  type InputRecord,
  type MatchModel,
} from "../index";
import { describe, expect, it } from "vitest";
import { putRecord, uuid } from "./resident-index.testing";
import { ResidentIndex } from "./resident-index";
import { toStoreRecord } from "../store";
import { planArrivals, type ArrivalSettings } from "./plan-arrivals";

const model: MatchModel = resolveRecords(generateCustomers({ persons: 400, seed: 5 }).records).model;
const settings: ArrivalSettings = {
  model,
  modelVersion: 1,
  matchWeight: probabilityToWeight(model.matchThreshold),
  profilesWithTask: 0,
};

const mary: Omit<InputRecord, "record_id"> = {
  first_name: "Mary",
  last_name: "Quintero",
  email: "mary.quintero@example.org",
  phone: "+14155550123",
  dob: "1984-07-19",
  street_number: "18",
  street: "Alder Way",
  city: "Fresno",
  postcode: "93701",
};
const john: Omit<InputRecord, "record_id"> = {
  first_name: "Johnathan",
  last_name: "Obiang",
  email: "j.obiang@example.net",
  phone: "+12125559876",
  dob: "1951-02-03",
  street_number: "402",
  street: "Birch Court",
  city: "Albany",
  postcode: "12203",
};

function arrive(index: ResidentIndex, id: string, source: string, fields: Omit<InputRecord, "record_id">) {
  const standardized = standardizeRecord({ record_id: id, ...fields });
  return planArrivals(
    settings,
    index,
    [{ record: toStoreRecord(id, source, standardized), profileId: null, version: 1 }],
    () => uuid(900 + index.size),
  ).outcomes[0]!;
}

describe("real-time joins under the batch's chaining guard", () => {
  it("does not join a profile one of whose members the arrival is clearly not, however strongly it links to another", () => {
    const index = new ResidentIndex(model);
    // One profile holding two people (merged by hand, or by an older model): Mary and John.
    putRecord(index, uuid(1), "crm", standardizeRecord({ record_id: uuid(1), ...mary }), uuid(100));
    putRecord(index, uuid(2), "crm", standardizeRecord({ record_id: uuid(2), ...john }), uuid(100));
    const outcome = arrive(index, uuid(3), "web", mary);
    expect(outcome.profileId).not.toBe(uuid(100));
    expect(outcome.decision).not.toBe("linked");
  });

  it("joins a profile whose every member it may be with (the same person's records)", () => {
    const index = new ResidentIndex(model);
    putRecord(index, uuid(1), "crm", standardizeRecord({ record_id: uuid(1), ...mary }), uuid(100));
    putRecord(
      index,
      uuid(2),
      "billing",
      standardizeRecord({ record_id: uuid(2), ...mary, phone: null }),
      uuid(100),
    );
    const outcome = arrive(index, uuid(3), "web", { ...mary, email: "MARY.QUINTERO@example.org" });
    expect(outcome).toMatchObject({ decision: "linked", profileId: uuid(100) });
    expect(index.membersOf(index.profileNumberAt(index.store.positionOf(uuid(3))!)).sort()).toHaveLength(3);
  });

  it("keeps a profile's member list current as records change, leave and arrive", () => {
    const index = new ResidentIndex(model);
    putRecord(index, uuid(1), "crm", standardizeRecord({ record_id: uuid(1), ...mary }), uuid(100));
    putRecord(index, uuid(2), "crm", standardizeRecord({ record_id: uuid(2), ...john }), uuid(100));
    const profile = index.profileNumberAt(index.store.positionOf(uuid(1))!);
    expect(index.memberCountOf(profile)).toBe(2);
    // John's record moves to a profile of his own (a steward's split, read from the change feed), then is erased.
    putRecord(index, uuid(2), "crm", standardizeRecord({ record_id: uuid(2), ...john }), uuid(200));
    expect(index.membersOf(profile)).toEqual([index.store.positionOf(uuid(1))]);
    const johns = index.profileNumberAt(index.store.positionOf(uuid(2))!);
    index.remove(uuid(2));
    expect(index.memberCountOf(johns)).toBe(0);
    expect(index.membersOf(johns)).toEqual([]);
    // Now Mary's profile holds only Mary: another record of hers joins it.
    expect(arrive(index, uuid(3), "web", mary)).toMatchObject({ decision: "linked", profileId: uuid(100) });
  });
});
