// Administration: user accounts and roles.
import { listAuditEntries, listAuditEntriesInput } from "@c360/core/audit/list-audit-entries";
import { createUser, listUsers, setUserPassword, updateUser } from "@c360/core/users/manage-users";
import { createUserInput, setPasswordInput, updateUserInput } from "@c360/core/users/user-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const adminRouter = {
  listUsers: procedureFor("admin").query(({ ctx }) => listUsers(ctx.db)),
  createUser: procedureFor("admin")
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  updateUser: procedureFor("admin")
    .input(updateUserInput)
    .mutation(({ ctx, input }) => updateUser(ctx.db, ctx.actor, input)),
  setUserPassword: procedureFor("admin")
    .input(setPasswordInput)
    .mutation(({ ctx, input }) => setUserPassword(ctx.db, ctx.actor, input)),
  listAuditEntries: procedureFor("admin")
    .input(listAuditEntriesInput.optional())
    .query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
} satisfies TRPCRouterRecord;
