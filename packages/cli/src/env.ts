// The settings of the `c360` command read from the environment, in one place.
import { z } from "zod";

const cliEnvSchema = z.object({
  /** Any non-empty value: `c360 match` also prints the trained model (m and u per comparison level). */
  C360_PRINT_MODEL: z
    .string()
    .optional()
    .transform((value) => value !== undefined && value !== "" && value !== "0"),
  /** The personal access token `c360 mcp` acts with (create one with `c360 tokens create` or on /account). */
  C360_TOKEN: z.string().trim().optional(),
});

export type CliEnv = z.infer<typeof cliEnvSchema>;

export function readCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  return cliEnvSchema.parse({ C360_PRINT_MODEL: source.C360_PRINT_MODEL, C360_TOKEN: source.C360_TOKEN });
}
