// The portal's one database connection per server process (kept across hot reloads in development).
import "server-only";
import { openDatabase, type DatabaseHandle } from "@c360/db/client";

const globalForDb = globalThis as unknown as { c360Db?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  globalForDb.c360Db ??= openDatabase().catch((error: unknown) => {
    globalForDb.c360Db = undefined;
    throw error;
  });
  return globalForDb.c360Db;
}

export async function getDb() {
  return (await getDatabaseHandle()).db;
}
