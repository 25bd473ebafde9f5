// Applies the committed drizzle migrations, all in one transaction: a failure leaves the schema as it was.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "./client";

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "drizzle");

export async function migrateDatabase(handle: DatabaseHandle, folder: string = migrationsFolder): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  }
}
