import { describe, expect, it } from "vitest";
import { forEachChunk, pgTextArray, recordset } from "@c360/db/bulk";

describe("pgTextArray", () => {
  it("quotes every element so commas, braces, quotes and backslashes survive", () => {
    expect(pgTextArray([])).toBe("{}");
    expect(pgTextArray(["0:smith", 'a"b', "c\\d", "x,y{}"])).toBe('{"0:smith","a\\"b","c\\\\d","x,y{}"}');
  });
});

describe("forEachChunk", () => {
  it("hands every row over once, in order, in chunks of at most the size", async () => {
    const seen: number[][] = [];
    await forEachChunk([1, 2, 3, 4, 5], async (chunk) => void seen.push(chunk), 2);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe("recordset", () => {
  it("sends the rows as one JSON parameter", () => {
    const query = recordset([{ id: 1 }], "r", "id int");
    const params = query.queryChunks.filter((c): c is string => typeof c === "string");
    expect(params).toContain('[{"id":1}]');
  });
});
