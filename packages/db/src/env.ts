// The database settings of c360, read and validated in one place.
import { z } from "zod";

const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((value) => /^postgres(ql)?:\/\//.test(value), {
      message: "DATABASE_URL must start with postgres:// or postgresql:// (unset it to use the embedded database)",
    })
    .optional(),
  C360_DATA_DIR: z.string().trim().min(1).default(".data"),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

/** Parses the database settings from an environment; throws one readable line when a value is wrong. */
export function readDatabaseEnv(source: Record<string, string | undefined> = process.env): DatabaseEnv {
  const parsed = databaseEnvSchema.safeParse({
    DATABASE_URL: source.DATABASE_URL === "" ? undefined : source.DATABASE_URL,
    C360_DATA_DIR: source.C360_DATA_DIR === "" ? undefined : source.C360_DATA_DIR,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
