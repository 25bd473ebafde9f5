// Opens the configured database for a command and always closes it, so the embedded database is released.
// A new, empty database is migrated first (what a user running `c360 import` on a fresh data dir expects); one
// that is behind this version's migrations is left alone, with the command to run named.
import { openDatabase, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase, readMigrationState } from "@c360/db/migrate";
import type { CommandIO } from "../command";

export interface WithDatabaseOptions {
  /** Where to say that a new database was migrated (stderr, so a command's output on stdout stays clean). */
  io?: CommandIO;
  /** false for `c360 setup`, which migrates itself. */
  checkMigrations?: boolean;
}

/** A database that holds data under an older schema: the message names the command that brings it up to date. */
export class DatabaseBehindError extends Error {
  override name = "DatabaseBehindError";
}

export async function withDatabase<T>(
  work: (handle: DatabaseHandle) => Promise<T>,
  options: WithDatabaseOptions = {},
): Promise<T> {
  const handle = await openDatabase();
  try {
    if (options.checkMigrations !== false) await ensureMigrated(handle, options.io);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function ensureMigrated(handle: DatabaseHandle, io: CommandIO | undefined): Promise<void> {
  const state = await readMigrationState(handle);
  if (state.pending.length === 0) return;
  if (state.empty) {
    io?.stderr(
      `c360: new database (${handle.driver}, ${handle.location}): applying its ${state.pending.length} migrations first.`,
    );
    await migrateDatabase(handle);
    return;
  }
  throw new DatabaseBehindError(
    `the database (${handle.driver}, ${handle.location}) is ${state.pending.length} migration${state.pending.length === 1 ? "" : "s"} behind this ` +
      `version of c360 (next: ${state.pending[0]}). Run \`npx c360 setup --no-demo\` to apply them (npm start does too), then run this command again.`,
  );
}
