// OpenLineage in: POST /api/v1/lineage takes one RunEvent (with the columnLineage facet) from dbt, Airflow, Spark or
// any OpenLineage HTTP transport. Authentication: `Authorization: Bearer <C360_LINEAGE_TOKEN>` — the header the
// OpenLineage HTTP transport sends with its api_key auth — or a signed-in user with lineage:write (the portal, same
// origin only). A pipeline is not a source system, so a source's ingest token does not grant it: one lineage token
// per deployment, set by the operator, rotated by changing the variable. A malformed event gets a 400 naming each
// invalid field (or where the JSON breaks), and nothing is stored.
import { systemActor } from "@c360/core/actor";
import { ingestOpenLineageEvent } from "@c360/core/lineage/ingest-openlineage-event";
import { isLineageTokenValid } from "@c360/core/lineage/lineage-token";
import { getDb } from "~/server/db";
import { readLineageToken } from "~/server/lineage-env";
import { authenticateCaller, parseJsonBody, readBody, restRoute } from "~/server/rest";

export const dynamic = "force-dynamic";

const MAX_EVENT_BYTES = 1_000_000;

export const POST = restRoute("OpenLineage event", async (request: Request) => {
  const actor = await authenticateCaller(request, {
    bearer: async (token) =>
      isLineageTokenValid(token, readLineageToken()) ? systemActor("openlineage") : null,
    session: "lineage:write",
    credentialsHint:
      "Send the deployment's lineage token (C360_LINEAGE_TOKEN) as `Authorization: Bearer <token>`, or sign in as a governance lead.",
  });
  const event = parseJsonBody(await readBody(request, MAX_EVENT_BYTES), { refuseNul: true });
  return Response.json(await ingestOpenLineageEvent(await getDb(), actor, event), { status: 201 });
});
