// Validation of user input about accounts, shared by the API, the CLI and the seed.
import { roles } from "@c360/auth/permissions";
import { z } from "zod";
import { minimumPasswordLength } from "./password";

export const emailSchema = z
  .email("Enter a valid email address")
  .max(320)
  .transform((email) => email.trim().toLowerCase());

export const newPasswordSchema = z
  .string()
  .min(minimumPasswordLength, `Passwords need at least ${minimumPasswordLength} characters`)
  .max(1024, "Passwords are limited to 1024 characters");

export const createUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name").max(200),
  role: z.enum(roles),
  password: newPasswordSchema,
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
  userId: z.uuid(),
  role: z.enum(roles).optional(),
  active: z.boolean().optional(),
});
export type UpdateUserInput = z.input<typeof updateUserInput>;

export const setPasswordInput = z.object({ userId: z.uuid(), password: newPasswordSchema });
