// Brings a database to the current schema and, for the quick start, creates the demo accounts.
import type { DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { ensureDemoUsers } from "../users/ensure-demo-users";

export interface PrepareResult {
  demoUsersCreated: number;
}

export async function prepareDatabase(handle: DatabaseHandle, options: { demo: boolean }): Promise<PrepareResult> {
  await migrateDatabase(handle);
  const demoUsersCreated = options.demo ? await ensureDemoUsers(handle.db) : 0;
  return { demoUsersCreated };
}
