// REST events: POST /api/v1/sources/{name}/events with the source's bearer token (decision 0901). A Segment batch
// {"batch": [...]} as application/json, or JSON lines; at most 500 KB a request (413) and 32 KB an event (that
// message rejected). The answer lists every message: accepted, duplicate (its messageId is stored already) or
// rejected with the reason. The logic lives in @c360/core (ingestPostedEvents -> ingestEvents).
import { ingestPostedEvents, MAX_EVENTS_REQUEST_BYTES } from "@c360/core/events/ingest-posted-events";
import { getDb } from "~/server/db";
import { readBody, restRoute } from "~/server/rest";
import { authenticateSourceCaller } from "~/server/source-caller";

export const dynamic = "force-dynamic";

export const POST = restRoute(
  "events ingest",
  async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
    const receivedAt = new Date();
    const { name } = await params;
    const db = await getDb();
    const { actor, source } = await authenticateSourceCaller(request, db, name);
    const body = await readBody(request, MAX_EVENTS_REQUEST_BYTES);
    const result = await ingestPostedEvents(db, {
      source,
      body,
      contentType: request.headers.get("content-type"),
      actor,
      receivedAt,
    });
    // Every message refused: the request as a whole failed (400), with the same per-message answer.
    const status = result.accepted + result.duplicate === 0 ? 400 : 200;
    return Response.json(
      {
        accepted: result.accepted,
        duplicate: result.duplicate,
        rejected: result.rejected,
        stitched: result.stitched,
        results: result.results,
      },
      { status },
    );
  },
);
