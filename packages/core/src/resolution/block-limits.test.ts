import { describe, expect, it } from "vitest";
import { blockLimitsFor, maxRealtimeBlockSize } from "./resident-index";

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
