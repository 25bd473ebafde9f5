// OpenLineage in: POST /api/v1/lineage takes one RunEvent (with the columnLineage facet) from dbt, Airflow, Spark or
// any OpenLineage HTTP transport. Authentication: `Authorization: Bearer <C360_LINEAGE_TOKEN>` — the header the
// OpenLineage HTTP transport sends with its api_key auth — or a signed-in user with lineage:write (the portal).
// A pipeline is not a source system, so a source's ingest token does not grant it: one lineage token per
// deployment, set by the operator, rotated by changing the variable. A malformed event gets a 400 naming each
// invalid field, and nothing is stored.
import { actorCan, systemActor, type Actor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import { ingestOpenLineageEvent } from "@c360/core/lineage/ingest-openlineage-event";
import { isLineageTokenValid } from "@c360/core/lineage/lineage-token";
import { getDb } from "~/server/db";
import { readLineageToken } from "~/server/lineage-env";
import { getCurrentActor } from "~/server/session";

export const dynamic = "force-dynamic";

const MAX_EVENT_BYTES = 1_000_000;

function problem(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return Response.json({ error: message, ...extra }, { status, headers });
}

async function authenticate(request: Request): Promise<Actor | Response> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (token) {
    if (isLineageTokenValid(token, readLineageToken())) return systemActor("openlineage");
    return problem(401, "The bearer token is not this deployment's lineage token (C360_LINEAGE_TOKEN).", {}, { "WWW-Authenticate": `Bearer realm="c360", error="invalid_token"` });
  }
  const actor = await getCurrentActor();
  if (!actor) {
    return problem(401, "Send the lineage token as `Authorization: Bearer <token>`, or sign in as a governance lead.", {}, { "WWW-Authenticate": `Bearer realm="c360"` });
  }
  if (!actorCan(actor, "lineage:write")) return problem(403, "Recording lineage needs the lineage:write permission, which your role does not have.");
  return actor;
}

export async function POST(request: Request) {
  const actor = await authenticate(request);
  if (actor instanceof Response) return actor;
  const text = await request.text();
  if (text.length > MAX_EVENT_BYTES) return problem(413, `Send one RunEvent of at most ${MAX_EVENT_BYTES} bytes per request.`);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return problem(400, "The body is not JSON: send one OpenLineage RunEvent as application/json.");
  }
  try {
    const result = await ingestOpenLineageEvent(await getDb(), actor, payload);
    return Response.json(result, { status: 201 });
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") return problem(400, error.message, { issues: error.details?.issues ?? [] });
    if (error instanceof AppError) return problem(409, error.message);
    console.error("OpenLineage event:", error);
    return problem(500, "The event could not be stored; it has been logged. Nothing was recorded: retry it.");
  }
}
