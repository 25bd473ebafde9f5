// Validation of personal access tokens (agents acting as their user), shared by the API, the CLI and the MCP server.
import { z } from "zod";

export const accessTokenScopes = ["read", "propose"] as const;
export type AccessTokenScope = (typeof accessTokenScopes)[number];

export const MAX_TOKEN_DAYS = 365;

export const createAccessTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token (say which agent or laptop uses it).")
    .max(100, "A token name has at most 100 characters."),
  scope: z.enum(accessTokenScopes, "scope is read or propose.").default("read"),
  days: z
    .number("days is a whole number of days.")
    .int("days is a whole number of days.")
    .min(1, "A token lives at least 1 day.")
    .max(MAX_TOKEN_DAYS, `A token lives at most ${MAX_TOKEN_DAYS} days.`)
    .default(30),
});
export type CreateAccessTokenInput = z.input<typeof createAccessTokenInput>;

export const revokeAccessTokenInput = z.object({
  tokenId: z.uuid("tokenId: a token id is a UUID."),
});
export type RevokeAccessTokenInput = z.input<typeof revokeAccessTokenInput>;
