// Server-side session revocation: a session is valid only while it carries the user's current session version,
// and only within its absolute lifetime. Bumping the version ends every session of the user at once.
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { and, eq, sql } from "drizzle-orm";

/** Ends every session of the user (sign-out, password change, disabling, role change). */
export async function endUserSessions(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/** Whether a session issued under `sessionVersion` still stands: the account exists, is active and was not revoked since. */
export async function isSessionCurrent(
  db: Database,
  userId: string,
  sessionVersion: number,
): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !Number.isInteger(sessionVersion)) return false;
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.sessionVersion, sessionVersion)))
    .limit(1);
  return Boolean(row);
}
