import { describe, expect, it } from "vitest";
import { RecordStore, createModel, defaultComparisons, type BlockingRule } from "../index";
import { putRecord, stageRecord, uuid } from "./resident-index.testing";
import { ResidentIndex, blockLimitsFor, maxRealtimeBlockSize } from "./resident-index";

/** A rule's block-size histogram: `blocks` blocks of each given size. */
function sizes(blocks: Record<number, number>): Int32Array {
  const histogram = new Int32Array(maxRealtimeBlockSize + 2);
  for (const [size, count] of Object.entries(blocks)) histogram[Number(size)] = count;
  return histogram;
}

describe("blockLimitsFor: the batch engine's pair bounds at the index's size", () => {
  it("keeps every block up to the size cap while a rule is within its bounds", () => {
    // 10,000 records: up to 50,000 pairs per rule; 100 blocks of 20 give 19,000.
    expect([...blockLimitsFor([{}], [sizes({ 20: 100 })], 10_000)]).toEqual([maxRealtimeBlockSize]);
  });

  it("skips a loose rule over its bound, and drops a strict rule's largest blocks first", () => {
    // 1,000,000 records: 5,000,000 pairs per rule. 25,000 birth dates of 40 records: 19,500,000 pairs.
    const dob = sizes({ 40: 25_000 });
    expect([...blockLimitsFor([{ ifTooLarge: "skip" }], [dob], 1_000_000)]).toEqual([0]);
    // Blocks of 10 fit (4,500,000 pairs), blocks of 40 would pass the bound: the limit stops below 40.
    const surnames = sizes({ 10: 100_000, 40: 10_000 });
    expect([...blockLimitsFor([{}], [surnames], 1_000_000)]).toEqual([39]);
  });

  it("shares the total bound between rules in order: a later rule gets what the earlier ones left", () => {
    // 100,000 records: 500,000 pairs per rule, 1,000,000 in all. Each of the first two rules takes 450,000.
    const full = sizes({ 10: 10_000 });
    const limits = blockLimitsFor([{}, {}, {}, { ifTooLarge: "skip" }], [full, full, full, full], 100_000);
    // The third has 100,000 pairs left: its blocks of 10 (450,000 pairs) no longer fit, so the limit stops below
    // 10; the fourth, a loose rule, is skipped.
    expect([...limits]).toEqual([maxRealtimeBlockSize, maxRealtimeBlockSize, 9, 0]);
  });

  it("scales with the index: the same blocks pass in a bigger store", () => {
    const dob = sizes({ 40: 25_000 });
    expect([...blockLimitsFor([{ ifTooLarge: "skip" }], [dob], 4_000_000)]).toEqual([maxRealtimeBlockSize]);
  });
});

describe("ResidentIndex.candidatesOf under the pair bounds", () => {
  const rules: BlockingRule[] = [
    { name: "email", parts: [{ field: "email" }] },
    { name: "dob", parts: [{ field: "dob" }], ifTooLarge: "skip" },
  ];
  const comparisons = defaultComparisons(new RecordStore(), 0).filter(
    (c) => c.field === "email" || c.field === "dob",
  );
  const model = createModel(comparisons, rules);

  /** `dates` birth dates shared by 200 records each, every record with an email of its own. */
  function indexOf(dates: number): ResidentIndex {
    const index = new ResidentIndex(model);
    for (let i = 0; i < dates * 200; i++)
      putRecord(
        index,
        uuid(i),
        "crm",
        { email: `p${i}@example.com`, dob: `1980-01-${String(1 + (i % dates)).padStart(2, "0")}` },
        uuid(1_000_000 + i),
      );
    index.updateBlockLimits();
    return index;
  }

  it("takes a loose rule's blocks while its pairs are within the bound", () => {
    // 2 x 200 records: 39,800 pairs, under the 50,000 a rule may give.
    const index = indexOf(2);
    const arrival = stageRecord(index, uuid(999_999), "web", { email: "p0@example.com", dob: "1980-01-01" });
    const candidates = index.candidatesOf(arrival);
    expect(candidates).toHaveLength(200);
    expect(index.store.idAt(candidates[0]!)).toBe(uuid(0));
  });

  it("skips a loose rule past its bound, as a full run of as many records would", () => {
    // 3 x 200 records: 59,700 pairs, over the 50,000 bound: the birth date no longer brings candidates.
    const index = indexOf(3);
    const arrival = stageRecord(index, uuid(999_999), "web", { email: "p0@example.com", dob: "1980-01-01" });
    expect(index.candidatesOf(arrival).map((p) => index.store.idAt(p))).toEqual([uuid(0)]);
    expect(index.profileAt(index.store.positionOf(uuid(0))!)).toBe(uuid(1_000_000));
  });
});
