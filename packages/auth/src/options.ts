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
}

export interface UserDirectory {
  /** Checks an email and password; null when either is wrong or the account is disabled. */
  authenticate: (email: string, password: string) => Promise<SignedInUser | null>;
  /** Finds or creates the user for an OIDC identity; null refuses the sign-in. */
  provisionOidcUser: (identity: { email: string; name: string }) => Promise<SignedInUser | null>;
}

declare module "next-auth" {
  interface Session {
    user: SignedInUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        return directory.authenticate(parsed.data.email, parsed.data.password);
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
        return { id: profile.sub, email: profile.email ?? "", name: profile.name ?? profile.email ?? profile.sub };
      },
    });
  }

  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: env.C360_SESSION_HOURS * 3600 },
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
        if (!user) return token;
        if (account?.provider === "oidc") {
          const known = await directory.provisionOidcUser({ email: user.email ?? "", name: user.name ?? "" });
          if (known) Object.assign(token, { uid: known.id, role: known.role, email: known.email, name: known.name });
          return token;
        }
        const signedIn = user as Partial<SignedInUser>;
        token.uid = signedIn.id;
        token.email = signedIn.email;
        token.name = signedIn.name;
        token.role = isRole(signedIn.role) ? signedIn.role : undefined;
        return token;
      },
      async session({ session, token }) {
        if (token.uid && token.role) {
          session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", role: token.role };
        }
        return session;
      },
    },
  };
}
