// Who is writing to a source's REST routes (records, events): the source's own bearer token, nothing else.
import "server-only";
import { systemActor, type Actor } from "@c360/core/actor";
import { authenticateSourceToken, type SourceTokenCheck } from "@c360/core/sources/source-tokens";
import type { Database } from "@c360/db/client";
import { authenticateCaller, RestProblem } from "./rest";

export type AuthenticatedSource = Extract<SourceTokenCheck, { ok: true }>["source"];

/** The source named in the path and the actor writing for it; 401 without a valid token, 403 with another source's. */
export async function authenticateSourceCaller(
  request: Request,
  db: Database,
  name: string,
): Promise<{ actor: Actor; source: AuthenticatedSource }> {
  let source: AuthenticatedSource | null = null;
  const actor = await authenticateCaller(request, {
    bearer: async (token) => {
      const check = await authenticateSourceToken(db, name, token);
      if (check.ok) {
        source = check.source;
        return systemActor(`source:${check.source.name}`);
      }
      if (check.reason === "other_source")
        throw new RestProblem(403, `This token belongs to another source; it cannot write to ${name}.`);
      return null;
    },
    credentialsHint:
      "Send the source's API token as `Authorization: Bearer <token>`; if it was rotated, ask an admin for the current one.",
  });
  return { actor, source: source! };
}
