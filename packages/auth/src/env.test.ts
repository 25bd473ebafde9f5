import { describe, expect, it } from "vitest";
import { AuthConfigError, readAuthEnv } from "./env";

describe("sign-in settings", () => {
  it("refuses a production server without NEXTAUTH_SECRET, with a line that says what to do", () => {
    expect(() => readAuthEnv({}, true)).toThrow(AuthConfigError);
    expect(() => readAuthEnv({}, true)).toThrow(/NEXTAUTH_SECRET is not set.*openssl rand/);
  });

  it("accepts development without a secret and applies defaults", () => {
    const env = readAuthEnv({}, false);
    expect(env.C360_SESSION_HOURS).toBe(8);
    expect(env.OIDC_DEFAULT_ROLE).toBe("analyst");
  });

  it("names the missing half of an OIDC configuration", () => {
    expect(() => readAuthEnv({ OIDC_ISSUER: "https://id.example.com" }, false)).toThrow(
      /OIDC_CLIENT_ID.*OIDC_CLIENT_SECRET/,
    );
  });

  it("rejects a short secret and an unknown default role", () => {
    expect(() => readAuthEnv({ NEXTAUTH_SECRET: "short" }, true)).toThrow(/at least 16/);
    expect(() => readAuthEnv({ OIDC_DEFAULT_ROLE: "superuser" }, false)).toThrow(/OIDC_DEFAULT_ROLE/);
  });
});
