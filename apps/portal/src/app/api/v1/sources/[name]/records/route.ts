// REST ingest: POST /api/v1/sources/{name}/records with the source's bearer token; a JSON array, JSON lines or CSV
// in, the batch summary (accepted, unchanged, rejected with row errors) out. A JSON body must be valid JSON as a
// whole (else 400 naming where, and nothing is stored); a row that is JSON but not a storable record is reported by
// its number while the other rows are kept. The logic lives in @c360/core.
import { systemActor } from "@c360/core/actor";
import {
  formatOfContentType,
  importPostedRecords,
  MAX_POSTED_BYTES,
} from "@c360/core/ingest/import-posted-records";
import { authenticateSourceToken, type SourceTokenCheck } from "@c360/core/sources/source-tokens";
import { getDb } from "~/server/db";
import { authenticateCaller, parseJsonBody, readBody, restRoute, RestProblem } from "~/server/rest";

export const dynamic = "force-dynamic";

export const POST = restRoute(
  "records import",
  async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
    const { name } = await params;
    const db = await getDb();
    let source: Extract<SourceTokenCheck, { ok: true }>["source"] | null = null;
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
    const contentType = request.headers.get("content-type");
    const format = formatOfContentType(contentType);
    const body = await readBody(request, MAX_POSTED_BYTES);
    if (format === "json") {
      const lines = !body
        .subarray(0, 64)
        .toString("utf8")
        .trimStart()
        .replace(/^\uFEFF/, "")
        .startsWith("[");
      parseJsonBody(body, { lines });
    }
    const summary = await importPostedRecords(db, {
      source: source!,
      body,
      contentType,
      actor,
      idempotencyKey: request.headers.get("idempotency-key"),
    });
    return Response.json({
      batchId: summary.batchId,
      resumed: summary.resumed,
      rows: summary.rowsTotal,
      accepted: summary.accepted,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      errors: summary.errors,
    });
  },
);
