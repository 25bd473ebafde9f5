import { describe, expect, it } from "vitest";
import { pgTextArray } from "./pg-array";

describe("pgTextArray", () => {
  it("quotes every element so commas, braces, quotes and backslashes survive", () => {
    expect(pgTextArray([])).toBe("{}");
    expect(pgTextArray(["0:smith", 'a"b', "c\\d", "x,y{}"])).toBe('{"0:smith","a\\"b","c\\\\d","x,y{}"}');
  });
});
