// The tRPC HTTP endpoint used by client components.
import { appRouter } from "@c360/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getCurrentActor } from "~/server/session";
import { getDb } from "~/server/db";

function handler(request: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async () => ({ db: await getDb(), actor: await getCurrentActor() }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
