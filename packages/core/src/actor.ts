// Who is acting: a signed-in user with the permissions of their role, or the system itself.
import { permissionsOf, type Permission, type Role } from "@c360/auth/permissions";
import { AppError } from "./errors";

export interface Actor {
  kind: "user" | "system";
  userId: string | null;
  /** Readable name kept in the audit log: the user's email, "system", or "source:<name>". */
  label: string;
  /** Display name of a user, for greetings; absent for the system. */
  name?: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
}

export function userActor(user: { id: string; email: string; role: Role }): Actor {
  return {
    kind: "user",
    userId: user.id,
    label: user.email,
    role: user.role,
    permissions: permissionsOf(user.role),
  };
}

/** The platform acting on its own behalf (seeding, scheduled runs): it holds every permission. */
export function systemActor(label = "system"): Actor {
  return { kind: "system", userId: null, label, role: null, permissions: permissionsOf("admin") };
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertActorCan(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) {
    throw new AppError(
      "FORBIDDEN",
      `This needs the ${permission} permission, which your role does not have.`,
    );
  }
}
