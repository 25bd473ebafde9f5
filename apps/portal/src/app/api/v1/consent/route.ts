// Consent capture: POST /api/v1/consent with a source's API token (`Authorization: Bearer <token>`) — the web shop,
// CRM or preference centre that asked the person — or as a signed-in governance lead (same origin only). The body is
// one event (`{ subject, purpose, status, notice?, channel?, capturedAt?, ... }`) or an array of them. A request
// carrying `Sec-GPC: 1` is also recorded as a refusal of every sale and sharing purpose (`{ subject }` alone is
// enough). Repeats are recorded once (`Idempotency-Key`, or the same event). The logic lives in @c360/core/consent.
import { systemActor } from "@c360/core/actor";
import { authenticateConsentCollector, collectConsent } from "@c360/core/consent/consent-collection";
import { getDb } from "~/server/db";
import { authenticateCaller, parseJsonBody, readBody, restRoute } from "~/server/rest";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 2_000_000;

export const POST = restRoute("consent capture", async (request: Request) => {
  const actor = await authenticateCaller(request, {
    bearer: async (token) => {
      const source = await authenticateConsentCollector(await getDb(), token);
      return source ? systemActor(`source:${source.name}`) : null;
    },
    session: "consent:write",
    credentialsHint:
      "Send a source's API token as `Authorization: Bearer <token>` (an admin issues them under Admin → Sources), or sign in as a governance lead.",
  });
  const body = parseJsonBody(await readBody(request, MAX_BODY_BYTES), { refuseNul: true });
  const result = await collectConsent(await getDb(), actor, {
    body,
    gpc: request.headers.get("sec-gpc")?.trim() === "1",
    origin: request.headers.get("origin") ?? request.headers.get("referer") ?? undefined,
    userAgent: request.headers.get("user-agent") ?? undefined,
    idempotencyKey: request.headers.get("idempotency-key") ?? undefined,
  });
  const anyNew = [...result.events, ...result.gpc].some((e) => !e.duplicate);
  return Response.json(result, { status: anyNew ? 201 : 200 });
});
