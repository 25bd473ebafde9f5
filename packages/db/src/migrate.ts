// Applies the committed drizzle migrations, all in one transaction: a failure leaves the schema as it was.
import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { queryRows, type DatabaseHandle } from "./client";

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "drizzle");

export async function migrateDatabase(
  handle: DatabaseHandle,
  folder: string = migrationsFolder,
): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  }
}

export interface MigrationState {
  /** No migration was ever applied and the database holds no table of its own: a new, empty database. */
  empty: boolean;
  /** Migrations of this version of c360 not applied yet (their file names). */
  pending: string[];
}

/**
 * Where the database stands against the committed migrations, read without changing anything: a command can then
 * migrate a new database itself, or say what to run when one is behind, instead of failing on a missing table.
 */
export async function readMigrationState(
  handle: DatabaseHandle,
  folder: string = migrationsFolder,
): Promise<MigrationState> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  const files = readMigrationFiles({ migrationsFolder: folder });
  const [tracked] = await queryRows<{ tracked: boolean; tables: number }>(
    handle.db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as tracked,
               (select count(*)::int from pg_tables where schemaname = 'public') as tables`,
  );
  let last = -Infinity;
  if (tracked!.tracked) {
    const [row] = await queryRows<{ created_at: string | null }>(
      handle.db,
      sql`select max(created_at)::text as created_at from drizzle.__drizzle_migrations`,
    );
    if (row?.created_at) last = Number(row.created_at);
  }
  // As drizzle's migrator decides: a migration is pending when it is newer than the last one applied.
  const pending = files.flatMap((file, i) => (file.folderMillis > last ? [journal.entries[i]!.tag] : []));
  return { empty: last === -Infinity && tracked!.tables === 0, pending };
}
