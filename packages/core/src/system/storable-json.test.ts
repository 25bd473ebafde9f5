// What PostgreSQL cannot store (U+0000, absurd nesting) is found by place, without recursion.
import { describe, expect, it } from "vitest";
import { assertStorableJson, findUnstorableJson } from "./storable-json";

describe("findUnstorableJson", () => {
  it("names where a NUL character is, in values and in member names", () => {
    expect(findUnstorableJson({ run: { facets: { x: ["ok", "a\u0000"] } } })).toMatchObject({
      path: "$.run.facets.x[1]",
    });
    expect(findUnstorableJson({ "odd key": { ["k\u0000"]: 1 } })).toMatchObject({
      path: '$["odd key"]',
      reason: expect.stringContaining("member name"),
    });
    expect(findUnstorableJson({ fine: ["text", 1, null, true, { a: "b" }] })).toBeNull();
  });

  it("refuses 20,000 nested arrays without overflowing the stack", () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findUnstorableJson(deep)?.reason).toMatch(/nested more than 64 levels/);
    expect(() => assertStorableJson(deep, "event")).toThrow(/The event at \$(\[0\])+ is nested/);
  });
});
