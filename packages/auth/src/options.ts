// next-auth configuration for the portal: credentials sign-in always, OIDC when OIDC_* is set.
// The user store is injected (core provides it), so this package stays free of SQL.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { redirectWithinPortal } from "./callback-url";
import { readAuthEnv, type AuthEnv } from "./env";
import { isRole, type Role } from "./permissions";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The user's session version when signed in; a session stands only while it is still the current one. */
  sessionVersion: number;
}

export interface UserDirectory {
  /** Checks an email and password (throttled per account and `client`); null when either is wrong or the account is disabled. */
  authenticate: (email: string, password: string, client: string) => Promise<SignedInUser | null>;
  /** Finds or creates the user for an OIDC identity; null refuses the sign-in. */
  provisionOidcUser: (identity: { email: string; name: string }) => Promise<SignedInUser | null>;
  /** Whether a session of the user issued under this version still stands (active account, not revoked). */
  isSessionCurrent: (userId: string, sessionVersion: number) => Promise<boolean>;
  /** Ends every session of the user (on sign-out). */
  endSessions: (userId: string) => Promise<void>;
}

declare module "next-auth" {
  interface Session {
    user: SignedInUser & {
      /** When the user signed in (seconds since the epoch): renewal never moves it, so a session has an absolute end. */
      authTime: number;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** Session version the token was issued under. */
    sv?: number;
    /** Sign-in time, seconds since the epoch; kept as it is when the token is renewed. */
    authTime?: number;
  }
}

/** The client an attempt comes from: the first X-Forwarded-For hop (set by Next.js, or the reverse proxy in front). */
export function clientOf(headers: Record<string, unknown> | undefined): string {
  const header = (name: string): string | undefined => {
    const value: unknown = headers?.[name];
    const one: unknown = Array.isArray(value) ? value[0] : value;
    return typeof one === "string" ? one : undefined;
  };
  const first = header("x-forwarded-for")?.split(",")[0]?.trim();
  const real = header("x-real-ip")?.trim();
  return (first || real || "unknown").slice(0, 100);
}

/** Whether a sign-in at `authTime` is still within the absolute session lifetime at `now` (both in seconds). */
export function isWithinSessionLifetime(
  authTime: number | undefined,
  sessionHours: number,
  now = Math.floor(Date.now() / 1000),
): boolean {
  return typeof authTime === "number" && authTime <= now + 60 && now - authTime < sessionHours * 3600;
}

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const signInPage = "/signin";

export function createAuthOptions(directory: UserDirectory, env: AuthEnv = readAuthEnv()): AuthOptions {
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        return directory.authenticate(parsed.data.email, parsed.data.password, clientOf(request?.headers));
      },
    }),
  ];

  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: env.OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return {
          id: profile.sub,
          email: profile.email ?? "",
          name: profile.name ?? profile.email ?? profile.sub,
        };
      },
    });
  }

  return {
    secret: env.NEXTAUTH_SECRET,
    // The cookie's own expiry rolls with use; authTime in the token is the absolute end (see jwt below).
    session: { strategy: "jwt", maxAge: env.C360_SESSION_HOURS * 3600 },
    events: {
      // Signing out ends the user's sessions on the server too: a copy of the cookie kept elsewhere stops working.
      async signOut({ token }) {
        if (token?.uid) await directory.endSessions(token.uid);
      },
    },
    pages: { signIn: signInPage, error: signInPage },
    providers,
    callbacks: {
      // next-auth's default lets "/\\evil.test" through as a path; browsers read it as //evil.test.
      redirect: async (params) => redirectWithinPortal(params),
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        if (!user.email) return `${signInPage}?error=OidcNoEmail`;
        const known = await directory.provisionOidcUser({ email: user.email, name: user.name ?? user.email });
        return known ? true : `${signInPage}?error=AccessDenied`;
      },
      async jwt({ token, user, account }) {
        if (user) {
          let signedIn = user as Partial<SignedInUser>;
          if (account?.provider === "oidc") {
            const known = await directory.provisionOidcUser({
              email: user.email ?? "",
              name: user.name ?? "",
            });
            if (!known) return {};
            signedIn = known;
          }
          return {
            ...token,
            uid: signedIn.id,
            email: signedIn.email,
            name: signedIn.name,
            role: isRole(signedIn.role) ? signedIn.role : undefined,
            sv: signedIn.sessionVersion,
            authTime: Math.floor(Date.now() / 1000),
          };
        }
        // Every read of the session (and its renewal by GET /api/auth/session) checks that it still stands: an
        // ended or too old sign-in becomes an empty token, which next-auth answers as signed out.
        if (
          !token.uid ||
          token.sv === undefined ||
          !isWithinSessionLifetime(token.authTime, env.C360_SESSION_HOURS)
        )
          return {};
        if (!(await directory.isSessionCurrent(token.uid, token.sv))) return {};
        return token;
      },
      async session({ session, token }) {
        if (!token.uid || !token.role || token.sv === undefined || token.authTime === undefined)
          return {} as typeof session;
        session.user = {
          id: token.uid,
          email: token.email ?? "",
          name: token.name ?? "",
          role: token.role,
          sessionVersion: token.sv,
          authTime: token.authTime,
        };
        return session;
      },
    },
  };
}
