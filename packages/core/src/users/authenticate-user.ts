// Checks an email and password for sign-in, throttles guessing per account and client, and audits every attempt.
import type { SignedInUser } from "@c360/auth/options";
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import { systemActor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { getDecoyHash, verifyPassword } from "./password";
import { clearSignInAttempts, countSignInAttempt } from "./throttle-sign-in";

export { signInThrottle } from "./throttle-sign-in";

/** Where an attempt comes from when the caller cannot say (the CLI, tests): one shared client. */
export const UNKNOWN_CLIENT = "unknown";

export async function authenticateUser(
  db: Database,
  rawEmail: string,
  password: string,
  client: string = UNKNOWN_CLIENT,
): Promise<SignedInUser | null> {
  const email = rawEmail.trim().toLowerCase();
  const actor = systemActor("sign-in");
  const throttled = await countSignInAttempt(db, email, client);
  if (throttled) {
    await recordAudit(db, actor, {
      action: "user.sign_in_throttled",
      entityType: "user",
      entityId: email,
      details: { scope: throttled },
    });
    return null;
  }
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  // Hash even when the account is unknown, so response time does not tell which emails exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? (await getDecoyHash()));
  if (!user || !valid || !user.active) {
    await recordAudit(db, actor, {
      action: "user.sign_in_failed",
      entityType: "user",
      entityId: email,
      details: { reason: !user ? "unknown_email" : !user.active ? "disabled" : "wrong_password" },
    });
    return null;
  }
  await clearSignInAttempts(db, email, client);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit(
    db,
    { ...actor, userId: user.id, label: user.email },
    {
      action: "user.sign_in",
      entityType: "user",
      entityId: user.id,
      details: { provider: "credentials" },
    },
  );
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionVersion: user.sessionVersion,
  };
}
