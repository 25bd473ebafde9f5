// REST ingest: POST /api/v1/sources/{name}/records with the source's bearer token; a JSON array or JSON lines in,
// the batch summary (accepted, unchanged, rejected with row errors) out. The logic lives in @c360/core.
import { systemActor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import {
  importPostedRecords,
  MAX_POSTED_BYTES,
  PayloadTooLargeError,
  readBodyWithin,
} from "@c360/core/ingest/import-posted-records";
import { authenticateSourceToken } from "@c360/core/sources/source-tokens";
import { ZodError } from "zod";
import { getDb } from "~/server/db";

export const dynamic = "force-dynamic";

function problem(status: number, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: message }, { status, headers });
}

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const authorization = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const challenge = { "WWW-Authenticate": `Bearer realm="c360", error="invalid_token"` };
  if (!token)
    return problem(401, "Send the source's API token as `Authorization: Bearer <token>`.", challenge);
  const db = await getDb();
  const check = await authenticateSourceToken(db, name, token);
  if (!check.ok) {
    if (check.reason === "other_source")
      return problem(403, `This token belongs to another source; it cannot write to ${name}.`);
    return problem(
      401,
      "The token is not valid for this source (it may have been rotated); ask an admin for the current one.",
      challenge,
    );
  }
  try {
    const declared = Number(request.headers.get("content-length")) || null;
    const body = await readBodyWithin(
      request.body as AsyncIterable<Uint8Array> | null,
      MAX_POSTED_BYTES,
      declared,
    );
    const summary = await importPostedRecords(db, {
      source: check.source,
      body,
      contentType: request.headers.get("content-type"),
      actor: systemActor(`source:${check.source.name}`),
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
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return problem(413, error.message);
    if (error instanceof AppError) return problem(error.code === "BAD_REQUEST" ? 400 : 409, error.message);
    if (error instanceof ZodError) return problem(400, error.issues.map((i) => i.message).join("; "));
    console.error(`REST import into ${name}:`, error);
    return problem(
      500,
      "The import failed on the server; it has been logged. Committed rows are kept: retry the same request to resume.",
    );
  }
}
