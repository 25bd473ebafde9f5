import { describe, expect, it } from "vitest";
import { clientOf, createAuthOptions, isWithinSessionLifetime, type UserDirectory } from "./options";
import { readAuthEnv } from "./env";

const ada = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "ada@example.com",
  name: "Ada",
  role: "steward",
  sessionVersion: 3,
} as const;
let currentVersion = 3;
const clients: string[] = [];
const ended: string[] = [];
const directory: UserDirectory = {
  authenticate: async (email, password, client) => {
    clients.push(client);
    return email === ada.email && password === "right" ? ada : null;
  },
  provisionOidcUser: async ({ email }) => (email.endsWith("@example.com") ? { ...ada, email } : null),
  isSessionCurrent: async (userId, version) => userId === ada.id && version === currentVersion,
  endSessions: async (userId) => {
    ended.push(userId);
    currentVersion++;
  },
};

function credentialsAuthorize() {
  const options = createAuthOptions(directory, readAuthEnv({ NEXTAUTH_SECRET: "x".repeat(32) }, true));
  const provider = options.providers[0] as unknown as {
    options: {
      authorize: (
        c: Record<string, string>,
        request?: { headers: Record<string, string> },
      ) => Promise<unknown>;
    };
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
    const token = await options.callbacks!.jwt!({ token: {}, user: ada, account: null });
    const session = await options.callbacks!.session!({ session: { expires: "" }, token } as never);
    expect((session as { user: unknown }).user).toEqual({ ...ada, authTime: expect.any(Number) });
  });

  it("throttles by the client the attempt comes from (the first X-Forwarded-For hop)", async () => {
    const { authorize } = credentialsAuthorize();
    await authorize(
      { email: ada.email, password: "right" },
      { headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1" } },
    );
    expect(clients.at(-1)).toBe("203.0.113.7");
    expect(clientOf({})).toBe("unknown");
  });

  it("stops renewing a session once it was ended on the server or has reached its absolute lifetime", async () => {
    currentVersion = 3;
    const { options } = credentialsAuthorize();
    const jwt = options.callbacks!.jwt!;
    const token = await jwt({ token: {}, user: ada, account: null });
    expect(await jwt({ token } as never)).toMatchObject({ uid: ada.id, sv: 3 });

    // Signing out ends every session of the user, including copies of this cookie.
    await options.events!.signOut!({ token, session: null } as never);
    expect(ended).toEqual([ada.id]);
    expect(await jwt({ token } as never)).toEqual({});
    const session = await options.callbacks!.session!({ session: { expires: "" }, token: {} } as never);
    expect(session).toEqual({});

    // Renewal keeps authTime, so a session older than C360_SESSION_HOURS (8) ends whatever its activity.
    currentVersion = 3;
    const now = Math.floor(Date.now() / 1000);
    expect(await jwt({ token: { ...token, authTime: now - 7 * 3600 } } as never)).toMatchObject({
      uid: ada.id,
    });
    expect(await jwt({ token: { ...token, authTime: now - 8 * 3600 - 1 } } as never)).toEqual({});
    expect(await jwt({ token: { ...token, authTime: undefined } } as never)).toEqual({});
    expect(isWithinSessionLifetime(now + 3600, 8, now)).toBe(false);
  });

  it("adds the OIDC provider only when it is configured", () => {
    const without = createAuthOptions(directory, readAuthEnv({}, false));
    expect(without.providers.map((p) => p.id)).toEqual(["credentials"]);
    const withOidc = createAuthOptions(
      directory,
      readAuthEnv(
        { OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "c360", OIDC_CLIENT_SECRET: "s" },
        false,
      ),
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
