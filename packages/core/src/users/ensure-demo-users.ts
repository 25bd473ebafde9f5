// The demo accounts of the quick start: one per role, password `c360-demo`. Demo only (see README).
import type { Role } from "@c360/auth/permissions";
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { systemActor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "./password";

export const demoPassword = "c360-demo";

export const demoUsers: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: "admin@example.com", name: "Avery Admin", role: "admin" },
  { email: "steward@example.com", name: "Sam Steward", role: "steward" },
  { email: "governance@example.com", name: "Grace Governance", role: "governance_lead" },
  { email: "analyst@example.com", name: "Alex Analyst", role: "analyst" },
  { email: "executive@example.com", name: "Erin Executive", role: "executive" },
];

/** Creates the demo users that do not exist yet; never overwrites a password someone has changed. */
export async function ensureDemoUsers(db: Database): Promise<number> {
  const passwordHash = await hashPassword(demoPassword);
  const created = await db
    .insert(users)
    .values(demoUsers.map((user) => ({ ...user, passwordHash })))
    .onConflictDoNothing()
    .returning({ id: users.id, role: users.role });
  for (const user of created) {
    await recordAudit(db, systemActor("seed"), {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      details: { role: user.role, demo: true },
    });
  }
  return created.length;
}
