// A round trip to the database, for health checks.
import type { DatabaseHandle } from "@c360/db/client";
import { sql } from "drizzle-orm";

export async function checkDatabase(handle: DatabaseHandle): Promise<{ driver: string; latencyMs: number }> {
  const started = performance.now();
  await handle.db.execute(sql`select 1`);
  return { driver: handle.driver, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}
