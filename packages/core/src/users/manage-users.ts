// Administration of accounts: list, create, change role or status, reset a password. Every change is audited.
import type { Database } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { hashPassword } from "./password";
import { toPublicUser, type PublicUser } from "./public-user";
import {
  createUserInput,
  setPasswordInput,
  updateUserInput,
  type CreateUserInput,
  type UpdateUserInput,
} from "./user-schemas";
import { parseInput } from "../parse-input";

export async function listUsers(db: Database): Promise<PublicUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map(toPublicUser);
}

export async function createUser(db: Database, actor: Actor, input: CreateUserInput): Promise<PublicUser> {
  const data = parseInput(createUserInput, input);
  const [created] = await db
    .insert(users)
    .values({
      email: data.email,
      name: data.name,
      role: data.role,
      passwordHash: await hashPassword(data.password),
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new AppError("CONFLICT", `A user with the email ${data.email} already exists.`);
  await recordAudit(db, actor, {
    action: "user.create",
    entityType: "user",
    entityId: created.id,
    details: { role: data.role },
  });
  return toPublicUser(created);
}

async function countOtherActiveAdmins(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true), ne(users.id, userId)));
  return row?.n ?? 0;
}

export async function updateUser(db: Database, actor: Actor, input: UpdateUserInput): Promise<PublicUser> {
  const data = parseInput(updateUserInput, input);
  const [current] = await db.select().from(users).where(eq(users.id, data.userId)).limit(1);
  if (!current) throw notFound("User", data.userId);
  const losesAdmin =
    current.role === "admin" && ((data.role && data.role !== "admin") || data.active === false);
  if (losesAdmin && (await countOtherActiveAdmins(db, current.id)) === 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "This is the last active administrator: make someone else admin first.",
    );
  }
  const [updated] = await db
    .update(users)
    .set({
      ...(data.role ? { role: data.role } : {}),
      ...(data.active !== undefined ? { active: data.active } : {}),
      // A role change or disabling ends the user's sessions: they sign in again under what they now are.
      ...((data.role && data.role !== current.role) ||
      (data.active !== undefined && data.active !== current.active)
        ? { sessionVersion: sql`${users.sessionVersion} + 1` }
        : {}),
    })
    .where(eq(users.id, data.userId))
    .returning();
  await recordAudit(db, actor, {
    action: "user.update",
    entityType: "user",
    entityId: data.userId,
    details: {
      before: { role: current.role, active: current.active },
      after: { role: updated!.role, active: updated!.active },
    },
  });
  return toPublicUser(updated!);
}

export async function setUserPassword(
  db: Database,
  actor: Actor,
  input: { userId: string; password: string },
): Promise<void> {
  const data = parseInput(setPasswordInput, input);
  const updated = await db
    .update(users)
    // Whoever knew the old password may hold a session: a new password ends them all.
    .set({
      passwordHash: await hashPassword(data.password),
      sessionVersion: sql`${users.sessionVersion} + 1`,
    })
    .where(eq(users.id, data.userId))
    .returning({ id: users.id });
  if (updated.length === 0) throw notFound("User", data.userId);
  await recordAudit(db, actor, { action: "user.set_password", entityType: "user", entityId: data.userId });
}

export async function findUserByEmail(db: Database, email: string): Promise<PublicUser | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ? toPublicUser(row) : null;
}
