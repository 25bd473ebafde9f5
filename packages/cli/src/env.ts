// The settings of the `c360` command read from the environment, in one place.
import { z } from "zod";

const cliEnvSchema = z.object({
  /** Any non-empty value: `c360 match` also prints the trained model (m and u per comparison level). */
  C360_PRINT_MODEL: z
    .string()
    .optional()
    .transform((value) => value !== undefined && value !== "" && value !== "0"),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function readCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  return cliEnvSchema.parse({ C360_PRINT_MODEL: source.C360_PRINT_MODEL });
}
