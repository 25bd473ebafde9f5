// Checks an email and password for sign-in, throttles guessing, and audits every attempt.
import type { SignedInUser } from "@c360/auth/options";
import type { Database } from "@c360/db/client";
import { auditLog, users } from "@c360/db/schema";
import { and, eq, gt, sql } from "drizzle-orm";
import { systemActor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { getDecoyHash, verifyPassword } from "./password";

/** After this many failed attempts for one email within the window, sign-in is refused until it passes. */
export const signInThrottle = { maxFailures: 10, windowMinutes: 15 };

async function recentFailures(db: Database, email: string): Promise<number> {
  const since = new Date(Date.now() - signInThrottle.windowMinutes * 60_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, "user.sign_in_failed"),
        eq(auditLog.entityId, email),
        gt(auditLog.at, since),
      ),
    );
  return row?.n ?? 0;
}

export async function authenticateUser(db: Database, rawEmail: string, password: string): Promise<SignedInUser | null> {
  const email = rawEmail.trim().toLowerCase();
  const actor = systemActor("sign-in");
  if ((await recentFailures(db, email)) >= signInThrottle.maxFailures) {
    await recordAudit(db, actor, { action: "user.sign_in_throttled", entityType: "user", entityId: email });
    return null;
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
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
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit(db, { ...actor, userId: user.id, label: user.email }, {
    action: "user.sign_in",
    entityType: "user",
    entityId: user.id,
    details: { provider: "credentials" },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
