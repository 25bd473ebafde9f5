// The shape of a user that may leave the server: never the password hash.
import type { Role } from "@c360/auth/permissions";
import type { users } from "@c360/db/schema";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  authProvider: string;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export function toPublicUser(row: typeof users.$inferSelect): PublicUser {
  const { passwordHash: _hidden, ...rest } = row;
  return rest;
}
