// The one place the portal reads C360_LINEAGE_TOKEN: the bearer token OpenLineage producers send to /api/v1/lineage.
import "server-only";
import { z } from "zod";

const lineageEnv = z.object({
  C360_LINEAGE_TOKEN: z
    .string()
    .min(32, "C360_LINEAGE_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`).")
    .optional(),
});

export function readLineageToken(): string | undefined {
  const parsed = lineageEnv.safeParse({ C360_LINEAGE_TOKEN: process.env.C360_LINEAGE_TOKEN || undefined });
  if (!parsed.success) {
    console.error(
      `c360: ${parsed.error.issues[0]?.message}; OpenLineage producers cannot post until it is fixed.`,
    );
    return undefined;
  }
  return parsed.data.C360_LINEAGE_TOKEN;
}
