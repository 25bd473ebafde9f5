// The settings of @c360/core read from the environment, validated in one place (privacy keys live in
// privacy/privacy-env.ts, which predates this file).
import { z } from "zod";

const hostEntry = /^(\[[0-9a-f:.]+\]|[0-9a-z.-]+|[0-9a-f:]+)(:\d{1,5})?$/i;

const coreEnvSchema = z.object({
  /**
   * Hosts (`host` or `host:port`, comma-separated) that webhooks may reach although they resolve to a loopback,
   * private or otherwise non-public address: an operator's decision, never a user's.
   */
  C360_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(hostEntry, "C360_WEBHOOK_ALLOWED_HOSTS lists host or host:port entries separated by commas"),
      ),
    ),
});

export type CoreEnv = z.infer<typeof coreEnvSchema>;

export function readCoreEnv(source: Record<string, string | undefined> = process.env): CoreEnv {
  const parsed = coreEnvSchema.safeParse({ C360_WEBHOOK_ALLOWED_HOSTS: source.C360_WEBHOOK_ALLOWED_HOSTS });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
