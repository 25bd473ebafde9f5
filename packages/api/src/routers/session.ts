// Who am I: the signed-in user, their permissions and the portal sections they may open.
import { sectionsFor } from "@c360/auth/permissions";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const sessionRouter = {
  me: procedureFor("authenticated").query(({ ctx }) => ({
    id: ctx.actor.userId,
    email: ctx.actor.label,
    name: ctx.actor.name ?? ctx.actor.label,
    role: ctx.actor.role,
    permissions: [...ctx.actor.permissions].sort(),
    sections: ctx.actor.role ? sectionsFor(ctx.actor.role) : [],
  })),
} satisfies TRPCRouterRecord;
