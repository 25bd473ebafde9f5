// Test databases: a fresh in-memory PGlite, or a fresh database on the local PostgreSQL named by DATABASE_URL.
import { randomBytes } from "node:crypto";
import { openDatabase, type DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";

const localHosts = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Refuses to run tests against a database that is not on this machine: tests create and drop databases. */
export function assertLocalDatabaseUrl(url: string): URL {
  const parsed = new URL(url);
  if (!localHosts.has(parsed.hostname)) {
    throw new Error(`Refusing to run tests against ${parsed.hostname}: test databases must be local.`);
  }
  return parsed;
}

export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and drops the database (PostgreSQL) or discards it (PGlite). */
  destroy: () => Promise<void>;
  /** The connection URL of the test database on PostgreSQL, for child processes; null on PGlite. */
  url: string | null;
}

/**
 * Every test file gets its own migrated database, so files run in parallel without seeing each other's rows.
 * With DATABASE_URL the database is created beside the one named there and dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(handle);
    return { ...handle, destroy: handle.close, url: null };
  }
  const base = assertLocalDatabaseUrl(url);
  const name = `c360_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const testUrl = new URL(base.toString());
  testUrl.pathname = `/${name}`;
  const handle = await openDatabase({ url: testUrl.toString(), maxConnections: 4 });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: testUrl.toString(),
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
