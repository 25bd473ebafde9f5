// next-auth for the portal: the options from @c360/auth wired to the users of @c360/core.
import "server-only";
import { readAuthEnv } from "@c360/auth/env";
import { createAuthOptions } from "@c360/auth/options";
import { authenticateUser } from "@c360/core/users/authenticate-user";
import { provisionOidcUser } from "@c360/core/users/provision-oidc-user";
import { endUserSessions, isSessionCurrent } from "@c360/core/users/user-sessions";
import type { AuthOptions } from "next-auth";
import { getDb } from "./db";

let options: AuthOptions | null = null;

/** Built on first use, not at import: `next build` must not need the runtime secret. */
export function getAuthOptions(): AuthOptions {
  if (options) return options;
  const env = readAuthEnv();
  options = createAuthOptions(
    {
      authenticate: async (email, password, client) =>
        authenticateUser(await getDb(), email, password, client),
      provisionOidcUser: async (identity) =>
        provisionOidcUser(await getDb(), identity, env.OIDC_DEFAULT_ROLE),
      isSessionCurrent: async (userId, sessionVersion) =>
        isSessionCurrent(await getDb(), userId, sessionVersion),
      endSessions: async (userId) => endUserSessions(await getDb(), userId),
    },
    env,
  );
  return options;
}
