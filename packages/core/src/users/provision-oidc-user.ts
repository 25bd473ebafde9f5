// Finds the c360 account for a single-sign-on identity, creating it with the default role on first sign-in.
import type { SignedInUser } from "@c360/auth/options";
import type { Role } from "@c360/auth/permissions";
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { systemActor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { emailSchema } from "./user-schemas";

export async function provisionOidcUser(
  db: Database,
  identity: { email: string; name: string },
  defaultRole: Role,
): Promise<SignedInUser | null> {
  const parsed = emailSchema.safeParse(identity.email);
  if (!parsed.success) return null;
  const email = parsed.data;
  const [existing] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing) {
    if (!existing.active) return null;
    return {
      id: existing.id,
      email: existing.email,
      name: existing.name,
      role: existing.role,
      sessionVersion: existing.sessionVersion,
    };
  }
  const [created] = await db
    .insert(users)
    .values({ email, name: identity.name.trim() || email, role: defaultRole, authProvider: "oidc" })
    .onConflictDoNothing()
    .returning();
  if (!created) return provisionOidcUser(db, identity, defaultRole);
  await recordAudit(db, systemActor("sign-in"), {
    action: "user.create",
    entityType: "user",
    entityId: created.id,
    details: { provider: "oidc", role: defaultRole },
  });
  return {
    id: created.id,
    email: created.email,
    name: created.name,
    role: created.role,
    sessionVersion: created.sessionVersion,
  };
}
