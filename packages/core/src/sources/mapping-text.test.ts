import { describe, expect, it } from "vitest";
import { formatPairs, parsePairs, parseTrust } from "./mapping-text";

describe("mapping text", () => {
  it("round-trips pairs and names the bad line", () => {
    expect(parsePairs(formatPairs({ EMail: "email", Id: "record_id" }))).toEqual({
      pairs: { EMail: "email", Id: "record_id" },
      error: null,
    });
    expect(parsePairs("a=b\n\n  c = d ")).toEqual({ pairs: { a: "b", c: "d" }, error: null });
    expect(parsePairs("a=b\nnonsense").error).toMatch(/Line 2/);
    expect(parseTrust("email=0.9\nphone=x").error).toMatch(/Trust of phone/);
    expect(parseTrust("email=0.9").trust).toEqual({ email: 0.9 });
  });
});
