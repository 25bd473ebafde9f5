// The page policy and the fixed headers: what a script, a frame or a form may do, and HSTS only over https.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, fixedSecurityHeaders } from "./security-headers";

describe("security headers", () => {
  it("allows scripts only with the request's nonce and forbids framing", () => {
    const policy = contentSecurityPolicy({
      nonce: "abc123",
      development: false,
      publicUrl: "http://localhost:3000",
    });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("lets forms lead to the OIDC issuer, and upgrades requests over https", () => {
    const policy = contentSecurityPolicy({
      nonce: "n",
      development: false,
      publicUrl: "https://c360.example.com",
      oidcIssuer: "https://id.example.com/realms/x",
    });
    expect(policy).toContain("form-action 'self' https://id.example.com");
    expect(policy).toContain("upgrade-insecure-requests");
  });

  it("sends HSTS only when the portal's URL is https", () => {
    expect(fixedSecurityHeaders("http://localhost:3000")).not.toHaveProperty("Strict-Transport-Security");
    expect(fixedSecurityHeaders("https://c360.example.com")).toMatchObject({
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });
});
