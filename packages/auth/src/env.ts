// Sign-in settings, read and validated in one place.
import { z } from "zod";
import { roles } from "./permissions";

const authEnvSchema = z
  .object({
    NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
    NEXTAUTH_URL: z.url("NEXTAUTH_URL must be a URL such as http://localhost:3000").optional(),
    C360_SESSION_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(8),
    OIDC_ISSUER: z.url("OIDC_ISSUER must be the issuer URL of your identity provider").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Single sign-on"),
    OIDC_DEFAULT_ROLE: z.enum(roles).default("analyst"),
  })
  .refine((env) => !env.OIDC_ISSUER || (env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET), {
    message: "OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too",
    path: ["OIDC_CLIENT_ID"],
  });

export type AuthEnv = z.infer<typeof authEnvSchema>;

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

/** Validates the sign-in settings; a production server without a secret refuses to start. */
export function readAuthEnv(
  source: Record<string, string | undefined> = process.env,
  production = source.NODE_ENV === "production",
): AuthEnv {
  const blankToUndefined = Object.fromEntries(
    Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]),
  );
  const parsed = authEnvSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuthConfigError(`${issue?.path.join(".") || "auth settings"}: ${issue?.message ?? "invalid"}`);
  }
  if (production && !parsed.data.NEXTAUTH_SECRET) {
    throw new AuthConfigError(
      "NEXTAUTH_SECRET is not set: generate one with `openssl rand -base64 32` and set it (npm start does this for you on the embedded database).",
    );
  }
  return parsed.data;
}
