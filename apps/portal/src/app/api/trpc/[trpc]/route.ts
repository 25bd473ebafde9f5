// The tRPC HTTP endpoint used by client components. Mutations (POST) are accepted only from the portal's own pages:
// the session cookie rides along with any cross-origin request, so the origin is what tells the user's click apart.
import { appRouter } from "@c360/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { logUnexpectedError } from "@c360/core/system/describe-error-for-log";
import { getCurrentActor } from "~/server/session";
import { getDb } from "~/server/db";
import { assertSameOrigin, problem, RestProblem } from "~/server/rest";

function handler(request: Request) {
  if (request.method !== "GET") {
    try {
      assertSameOrigin(request);
    } catch (error) {
      if (error instanceof RestProblem) return problem(error.status, error.message);
      throw error;
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async () => ({ db: await getDb(), actor: await getCurrentActor() }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        logUnexpectedError(`tRPC ${path ?? "?"}`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
