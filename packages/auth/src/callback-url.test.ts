// The sign-in redirect accepts only paths of the portal: a list of hostile callbackUrls, each refused.
import { describe, expect, it } from "vitest";
import { redirectWithinPortal, safeCallbackPath } from "./callback-url";

const hostile = [
  "//evil.test/phish",
  "/\\evil.test/phish",
  "\\\\evil.test",
  "/%5Cevil.test/phish",
  "/%5cevil.test",
  "/%2Fevil.test",
  "/%2fevil.test",
  "%2F%2Fevil.test",
  "/%255Cevil.test",
  "/%252F%252Fevil.test",
  "/\t/evil.test",
  "/\n/evil.test",
  "/%09/evil.test",
  "/%0d%0a/evil.test",
  "http://evil.test/phish",
  "https://evil.test",
  "HTTP://evil.test",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.test",
  "/%E0%A4%A", // not decodable
  "",
  "/" + "a".repeat(3000),
];

describe("safeCallbackPath", () => {
  it.each(hostile)("refuses %j", (value) => {
    const result = safeCallbackPath(value);
    expect(result).toBe("/");
    expect(new URL(result, "http://portal.test").origin).toBe("http://portal.test");
  });

  it("keeps a path of the portal with its query and fragment", () => {
    expect(safeCallbackPath("/profiles/123?tab=consent#ledger")).toBe("/profiles/123?tab=consent#ledger");
    expect(safeCallbackPath("/quality/issues?status=resolved&q=a%20b")).toBe(
      "/quality/issues?status=resolved&q=a%20b",
    );
    expect(safeCallbackPath("/")).toBe("/");
  });

  it("ignores values that are not strings", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/a", "/b"])).toBe("/");
  });
});

describe("redirectWithinPortal", () => {
  const baseUrl = "http://localhost:3000";
  it.each(hostile.filter((v) => v))("sends %j home", (url) => {
    expect(redirectWithinPortal({ url, baseUrl })).toBe(baseUrl);
  });

  it("keeps paths and absolute URLs of the portal", () => {
    expect(redirectWithinPortal({ url: "/glossary", baseUrl })).toBe("http://localhost:3000/glossary");
    expect(redirectWithinPortal({ url: "http://localhost:3000/lineage?focus=x", baseUrl })).toBe(
      "http://localhost:3000/lineage?focus=x",
    );
    expect(redirectWithinPortal({ url: "http://localhost:3000//evil.test", baseUrl })).toBe(baseUrl);
    expect(redirectWithinPortal({ url: "http://localhost:3001/x", baseUrl })).toBe(baseUrl);
  });
});
