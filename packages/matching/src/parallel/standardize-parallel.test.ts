import { describe, expect, it } from "vitest";
import { buildStore } from "../resolve";
import { generateCustomers } from "../synthetic/generate";
import { standardizeInParallel } from "./standardize-parallel";

describe("standardizeInParallel", () => {
  it("builds the same store on worker threads as on one thread, in input order", async () => {
    const { records } = generateCustomers({ persons: 1200, seed: 8 });
    const serial = buildStore(records);
    const parallel = await standardizeInParallel(records, {}, 3, 500);
    expect(parallel.size).toBe(serial.size);
    for (let i = 0; i < serial.size; i++) expect(parallel.record(i)).toEqual(serial.record(i));
    // Term frequencies survive the merge of the threads' dictionaries.
    const [s, p] = [serial.columns.lastName, parallel.columns.lastName];
    s.dictionary.forEach((value, id) => expect(p.counts[p.idOf(value)!]).toBe(s.counts[id]));
  });
});
