// Tests act as the demo users (admin@, steward@, governance@, analyst@, executive@example.com).
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { userActor, type Actor } from "../actor";
import { ensureDemoUsers } from "./ensure-demo-users";

/** The demo user with this email as an actor, creating the demo users first if the database has none. */
export async function demoActor(db: Database, email: string): Promise<Actor> {
  await ensureDemoUsers(db);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`${email} is not a demo user`);
  return userActor(user);
}
