// Loads the signed-in user on each request, so a disabled account, a changed role or an ended session takes effect at once.
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import { userActor, type Actor } from "../actor";

/** The actor of a session issued under `sessionVersion`; null when the account is gone, disabled or the session was ended. */
export async function getActiveUserActor(
  db: Database,
  userId: string,
  sessionVersion: number,
): Promise<Actor | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !Number.isInteger(sessionVersion)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.sessionVersion, sessionVersion)))
    .limit(1);
  return user ? { ...userActor(user), name: user.name } : null;
}
