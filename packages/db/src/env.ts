// The database settings of c360, read and validated in one place.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

/** The monorepo root (the folder whose package.json declares workspaces), or null outside a checkout. */
export function findWorkspaceRoot(start: string = process.cwd()): string | null {
  // The ignore comments keep Next.js from tracing the whole repository because of this walk.
  let dir = resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    const manifest = join(/*turbopackIgnore: true*/ dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // an unreadable package.json is not the root we look for; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Where the embedded database lives. The default `.data/` sits at the repository root whichever workspace
 * a command runs from, so the CLI and the portal open the same database.
 */
export function resolveDataDir(configured: string | undefined, cwd: string = process.cwd()): string {
  if (configured?.startsWith("memory://")) return configured;
  if (configured)
    return isAbsolute(configured) ? configured : resolve(/*turbopackIgnore: true*/ cwd, configured);
  return join(/*turbopackIgnore: true*/ findWorkspaceRoot(cwd) ?? cwd, ".data");
}

const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((value) => /^postgres(ql)?:\/\//.test(value), {
      message:
        "DATABASE_URL must start with postgres:// or postgresql:// (unset it to use the embedded database)",
    })
    .optional(),
  C360_DATA_DIR: z.string().trim().min(1).optional(),
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
