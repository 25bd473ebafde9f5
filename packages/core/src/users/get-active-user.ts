// Loads the signed-in user on each request, so a disabled account or a changed role takes effect at once.
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import { userActor, type Actor } from "../actor";

export async function getActiveUserActor(db: Database, userId: string): Promise<Actor | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return user ? { ...userActor(user), name: user.name } : null;
}
