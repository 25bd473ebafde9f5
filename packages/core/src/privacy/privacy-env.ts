// The privacy settings of c360, read and validated in one place.
import { z } from "zod";

const privacyEnvSchema = z.object({
  /**
   * The secret suppression hashes are keyed with. Optional: without it a key is generated once and kept in the
   * database (instance_keys). Set it in production so the key does not sit beside the hashes it protects; never
   * change it once erasures have run (the old suppressions would stop matching).
   */
  C360_SUPPRESSION_KEY: z
    .string()
    .trim()
    .min(32, "C360_SUPPRESSION_KEY must be at least 32 characters (for example `openssl rand -base64 32`)")
    .optional(),
});

export type PrivacyEnv = z.infer<typeof privacyEnvSchema>;

export function readPrivacyEnv(source: Record<string, string | undefined> = process.env): PrivacyEnv {
  const parsed = privacyEnvSchema.safeParse({
    C360_SUPPRESSION_KEY: source.C360_SUPPRESSION_KEY === "" ? undefined : source.C360_SUPPRESSION_KEY,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
