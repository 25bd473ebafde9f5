// The resident index lives as long as the server: an erased person's values must leave its memory with their
// record, not wait for the next reload. Checked on the process's heap itself, not on the index's own accounts.
import {
  RecordStore,
  createModel,
  defaultBlockingRules,
  defaultComparisons,
  standardizeRecord,
} from "../index";
import { forgetMemoizedText } from "../standardize/memo";
import { randomBytes } from "node:crypto";
import { getHeapSnapshot } from "node:v8";
import { describe, expect, it } from "vitest";
import { putRecord, stageRecord, uuid } from "./resident-index.testing";
import { ResidentIndex } from "./resident-index";

const countHeapStringsHolding = async (token: string) => (await heapStringsHolding(token)).length;

/** Every string on the heap that holds `token`, other than `token` itself (a snapshot collects garbage first). */
async function heapStringsHolding(token: string): Promise<string[]> {
  let json = "";
  for await (const chunk of getHeapSnapshot()) json += chunk;
  const { strings } = JSON.parse(json) as { strings: string[] };
  return strings.filter((s) => s !== token && s.includes(token));
}

/** Standardized fields of a person whose every value is unique to them (built here, so the test keeps no copy). */
function person(token: string) {
  return standardizeRecord({
    record_id: "x",
    first_name: `Zq${token}`,
    last_name: `Vq${token}`,
    email: `${token}@example.org`,
    phone: "+1415555" + String(parseInt(token.slice(0, 6), 16) % 10_000).padStart(4, "0"),
    street: `${token} Lane`,
    street_number: "9",
    city: `Town${token}`,
    postcode: "95814",
    dob: "1969-03-27",
  });
}

describe("ResidentIndex and erasure", () => {
  it("keeps no copy of an erased record's values: not its text, nor what blocking and comparing derived from it", async () => {
    const comparisons = defaultComparisons(new RecordStore(), 0);
    const index = new ResidentIndex(createModel(comparisons, defaultBlockingRules(new RecordStore(), 0)));
    // Neighbours who share the person's postcode and birth date, so lookups compare against them.
    for (let i = 0; i < 50; i++)
      putRecord(
        index,
        uuid(i),
        "crm",
        standardizeRecord({
          record_id: "n",
          first_name: "Ann",
          last_name: `Lee${i}`,
          postcode: "95814",
          dob: "1969-03-27",
        }),
        uuid(10_000 + i),
      );
    const token = randomBytes(8).toString("hex");
    putRecord(index, uuid(500), "crm", person(token), uuid(20_000));
    // A sibling record of hers arrives and is compared with her (filling every derived cache), then she is
    // re-imported once (a new version: her values must survive that), and finally erased.
    const arrival = stageRecord(index, uuid(501), "web", { ...person(token), email: null, phone: null });
    const candidates = index.candidatesOf(arrival);
    expect(candidates.map((p) => index.store.idAt(p))).toContain(uuid(500));
    for (const other of candidates) index.scorer.score(arrival, other);
    index.place(arrival, uuid(20_000));
    index.warm();
    putRecord(index, uuid(500), "crm", person(token), uuid(20_000));
    expect(index.store.value(index.store.positionOf(uuid(500))!, "email")).toBe(`${token}@example.org`);
    // Counted, not kept: an array of them held by this function's frame would keep them alive.
    expect(await countHeapStringsHolding(token)).toBeGreaterThan(0);

    index.remove(uuid(500));
    index.remove(uuid(501));
    // What standardizing her records left in this process's memos of recent texts goes as an erasure clears them.
    forgetMemoizedText();
    expect(await heapStringsHolding(token)).toEqual([]);
    // The neighbours are intact, and the same person stored again is found again.
    const again = stageRecord(index, uuid(502), "web", person(token));
    expect(index.candidatesOf(again).length).toBeGreaterThan(0);
    expect(index.profileOfRecord(uuid(7))).toBe(uuid(10_007));
  }, 120_000);
});
