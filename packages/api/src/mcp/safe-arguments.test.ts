import { describe, expect, it } from "vitest";
import { containsNul } from "../input-guards";
import { safeArguments } from "./safe-arguments";

describe("safeArguments", () => {
  it("keeps ids, numbers, flags and vocabulary; free text only as its length", () => {
    expect(
      safeArguments({
        profileId: "0B9A1C2D-3E4F-4a5b-8c6d-7e8f9a0b1c2d",
        query: "greta.nowak@example.com",
        limit: 25,
        hasOpenReview: true,
        attribute: "email",
        channels: ["purchase", "web"],
        reason: "same person, see +49 30 1234567",
      }),
    ).toEqual({
      profileId: "0b9a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
      query: { text: 23 },
      limit: 25,
      hasOpenReview: true,
      attribute: "email",
      channels: ["purchase", "web"],
      reason: { text: 31 },
    });
  });

  it("keeps no personal value under a vocabulary key nor in a strange key or nested object", () => {
    const safe = JSON.stringify(
      safeArguments({ attribute: "greta@example.com", "a@b.c": "x", nested: { email: "greta@example.com" } }),
    );
    expect(safe).not.toContain("greta");
    expect(safe).not.toContain("a@b.c");
    expect(safeArguments("not an object")).toEqual({});
  });
});

describe("containsNul", () => {
  it("finds a NUL character anywhere in the arguments", () => {
    expect(containsNul({ query: "a\u0000b" })).toBe(true);
    expect(containsNul({ ids: ["x", { deep: "\u0000" }] })).toBe(true);
    expect(containsNul({ query: "plain", limit: 3 })).toBe(false);
  });
});
