// tRPC setup for c360: the request context, superjson, the error formatter and one procedure tier per permission.
import type { Requirement } from "@c360/auth/permissions";
import type { Actor } from "@c360/core/actor";
import { actorCan } from "@c360/core/actor";
import type { Database } from "@c360/db/client";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { toTRPCError } from "./errors";
import { containsNul } from "./input-guards";

export interface Context {
  db: Database;
  /** The signed-in user, reloaded from the database on each request; null for anonymous callers. */
  actor: Actor | null;
}

export interface Meta {
  /** What a caller needs: a permission, or only to be signed in. Every procedure declares it. */
  requires: Requirement;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause as { details?: unknown; fieldErrors?: unknown } | undefined;
      return {
        ...shape,
        data: {
          ...shape.data,
          // Internal errors keep their stack on the server only.
          stack: undefined,
          details: cause?.details ?? null,
          fieldErrors: cause?.fieldErrors ?? null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error.cause ?? result.error);
  return result;
});

const authorize = t.middleware(({ ctx, meta, next }) => {
  if (!meta?.requires) {
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "This procedure does not declare its permission.",
    });
  }
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  if (meta.requires !== "authenticated" && !actorCan(ctx.actor, meta.requires)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This needs the ${meta.requires} permission, which your role does not have.`,
    });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * The only way to build a procedure: name what it requires. Authorization runs before input parsing,
 * so an anonymous or unauthorized caller learns nothing about the expected input.
 */
// PostgreSQL text cannot hold a NUL character: a query with one would fail inside the database (a 500). Every input
// is refused here first, with a message that says what to remove (the MCP tools share the same check).
const refuseNulText = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput()))
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Text may not contain NUL characters (\\u0000): remove them and send again.",
    });
  return next();
});

export function procedureFor(requires: Requirement) {
  return t.procedure.meta({ requires }).use(mapDomainErrors).use(authorize).use(refuseNulText);
}
