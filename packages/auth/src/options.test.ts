import { describe, expect, it } from "vitest";
import { createAuthOptions, type UserDirectory } from "./options";
import { readAuthEnv } from "./env";

const ada = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.com", name: "Ada", role: "steward" } as const;
const directory: UserDirectory = {
  authenticate: async (email, password) => (email === ada.email && password === "right" ? ada : null),
  provisionOidcUser: async ({ email }) => (email.endsWith("@example.com") ? { ...ada, email } : null),
};

function credentialsAuthorize() {
  const options = createAuthOptions(directory, readAuthEnv({ NEXTAUTH_SECRET: "x".repeat(32) }, true));
  const provider = options.providers[0] as unknown as {
    options: { authorize: (c: Record<string, string>) => Promise<unknown> };
  };
  return { options, authorize: provider.options.authorize };
}

describe("next-auth options", () => {
  it("signs in with the right password and refuses a wrong or malformed one", async () => {
    const { authorize } = credentialsAuthorize();
    await expect(authorize({ email: ada.email, password: "right" })).resolves.toEqual(ada);
    await expect(authorize({ email: ada.email, password: "wrong" })).resolves.toBeNull();
    await expect(authorize({ email: "not-an-email", password: "right" })).resolves.toBeNull();
  });

  it("carries the user id and role from sign-in into the session", async () => {
    const { options } = credentialsAuthorize();
    const token = await options.callbacks!.jwt!({ token: {}, user: ada, account: null } as never);
    const session = await options.callbacks!.session!({ session: { expires: "" }, token } as never);
    expect((session as { user: unknown }).user).toEqual(ada);
  });

  it("adds the OIDC provider only when it is configured", () => {
    const without = createAuthOptions(directory, readAuthEnv({}, false));
    expect(without.providers.map((p) => p.id)).toEqual(["credentials"]);
    const withOidc = createAuthOptions(
      directory,
      readAuthEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "c360", OIDC_CLIENT_SECRET: "s" }, false),
    );
    expect(withOidc.providers.map((p) => p.id)).toEqual(["credentials", "oidc"]);
  });

  it("refuses an OIDC identity the directory does not accept", async () => {
    const options = createAuthOptions(directory, readAuthEnv({}, false));
    const refused = await options.callbacks!.signIn!({
      user: { id: "x", email: "eve@elsewhere.com" },
      account: { provider: "oidc" },
    } as never);
    expect(refused).toBe("/signin?error=AccessDenied");
  });
});
