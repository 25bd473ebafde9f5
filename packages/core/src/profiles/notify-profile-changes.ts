// Tells every open profile page that these profiles changed: one NOTIFY per profile on c360_profiles, the channel
// watchProfileChanges listens on. Inside a transaction PostgreSQL delivers them only if it commits.
import type { Database } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import { pgTextArray } from "@c360/db/bulk";
import { PROFILE_CHANNEL } from "./watch-profile-changes";

export async function notifyProfileChanges(tx: Database, profileIds: Iterable<string>): Promise<void> {
  const statement = notifyProfileChangesStatement(profileIds);
  if (statement) await tx.execute(statement);
}

/** The notification as a statement, to send as part of a larger one. Null when there is no profile. */
export function notifyProfileChangesStatement(profileIds: Iterable<string>): SQL | null {
  const ids = [...new Set(profileIds)].sort();
  if (ids.length === 0) return null;
  return sql`select pg_notify(${PROFILE_CHANNEL}, id) from unnest(${pgTextArray(ids)}::text[]) as id`;
}
