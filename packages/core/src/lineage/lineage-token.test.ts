import { describe, expect, it } from "vitest";
import { isLineageTokenValid } from "./lineage-token";

describe("lineage token", () => {
  const configured = "a".repeat(40);
  it("accepts only the configured token, and nothing when none is configured", () => {
    expect(isLineageTokenValid(configured, configured)).toBe(true);
    expect(isLineageTokenValid(`${configured}x`, configured)).toBe(false);
    expect(isLineageTokenValid("", configured)).toBe(false);
    expect(isLineageTokenValid(configured, undefined)).toBe(false);
  });
});
