// Consent capture: POST /api/v1/consent with a source's API token (`Authorization: Bearer <token>`) — the web shop,
// CRM or preference centre that asked the person — or as a signed-in governance lead. The body is one event
// (`{ subject, purpose, status, notice?, channel?, capturedAt?, ... }`) or an array of them. A request carrying
// `Sec-GPC: 1` is also recorded as a refusal of every sale and sharing purpose (`{ subject }` alone is enough).
// Repeats are recorded once (`Idempotency-Key`, or the same event). The logic lives in @c360/core/consent.
import { actorCan, systemActor, type Actor } from "@c360/core/actor";
import { authenticateConsentCollector, collectConsent } from "@c360/core/consent/consent-collection";
import { AppError } from "@c360/core/errors";
import { getDb } from "~/server/db";
import { getCurrentActor } from "~/server/session";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 2_000_000;

function problem(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return Response.json({ error: message, ...extra }, { status, headers });
}

async function authenticate(request: Request): Promise<Actor | Response> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (token) {
    const source = await authenticateConsentCollector(await getDb(), token);
    if (source) return systemActor(`source:${source.name}`);
    return problem(401, "The bearer token is not a valid source API token; ask an admin for the current one (Admin → Sources).", {}, { "WWW-Authenticate": `Bearer realm="c360", error="invalid_token"` });
  }
  const actor = await getCurrentActor();
  if (!actor) return problem(401, "Send a source's API token as `Authorization: Bearer <token>`, or sign in as a governance lead.", {}, { "WWW-Authenticate": `Bearer realm="c360"` });
  if (!actorCan(actor, "consent:write")) return problem(403, "Recording consent needs the consent:write permission, which your role does not have.");
  return actor;
}

export async function POST(request: Request) {
  const actor = await authenticate(request);
  if (actor instanceof Response) return actor;
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return problem(413, `Send at most ${MAX_BODY_BYTES} bytes per request.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, "The body is not JSON: send a consent event object (or an array of them) as application/json.");
  }
  try {
    const result = await collectConsent(await getDb(), actor, {
      body,
      gpc: request.headers.get("sec-gpc")?.trim() === "1",
      origin: request.headers.get("origin") ?? request.headers.get("referer") ?? undefined,
      userAgent: request.headers.get("user-agent") ?? undefined,
      idempotencyKey: request.headers.get("idempotency-key") ?? undefined,
    });
    const recorded = [...result.events, ...result.gpc];
    const anyNew = recorded.some((e) => !e.duplicate);
    return Response.json(result, { status: anyNew ? 201 : 200 });
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") return problem(400, error.message, { fieldErrors: error.details?.fieldErrors ?? null });
    if (error instanceof AppError) return problem(error.code === "NOT_FOUND" ? 404 : 409, error.message);
    console.error("Consent capture:", error);
    return problem(500, "The consent could not be recorded; it has been logged. Retry the same request: it will be recorded once.");
  }
}
