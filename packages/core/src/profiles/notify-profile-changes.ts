// Tells every open profile page that these profiles changed: one NOTIFY per profile on c360_profiles, the channel
// watchProfileChanges listens on. Inside a transaction PostgreSQL delivers them only if it commits.
import type { Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { pgTextArray } from "../resolution/pg-array";
import { PROFILE_CHANNEL } from "./watch-profile-changes";

export async function notifyProfileChanges(tx: Database, profileIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(profileIds)].sort();
  if (ids.length === 0) return;
  await tx.execute(
    sql`select pg_notify(${PROFILE_CHANNEL}, id) from unnest(${pgTextArray(ids)}::text[]) as id`,
  );
}
