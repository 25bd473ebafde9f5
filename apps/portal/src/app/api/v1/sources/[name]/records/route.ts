// REST ingest: POST /api/v1/sources/{name}/records with the source's bearer token; a JSON array, JSON lines or CSV
// in, the batch summary (accepted, unchanged, rejected with row errors) out. A JSON body must be valid JSON as a
// whole (else 400 naming where, and nothing is stored); a row that is JSON but not a storable record is reported by
// its number while the other rows are kept. The logic lives in @c360/core.
import {
  formatOfContentType,
  importPostedRecords,
  MAX_POSTED_BYTES,
} from "@c360/core/ingest/import-posted-records";
import { getDb } from "~/server/db";
import { parseJsonBody, readBody, restRoute } from "~/server/rest";
import { authenticateSourceCaller } from "~/server/source-caller";

export const dynamic = "force-dynamic";

export const POST = restRoute(
  "records import",
  async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
    const { name } = await params;
    const db = await getDb();
    const { actor, source } = await authenticateSourceCaller(request, db, name);
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
      source,
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
