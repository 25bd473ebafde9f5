// Portal upload: the file arrives as the request body and is imported as it streams in; the response is JSON lines
// of progress (rows committed, bytes read) ending with the batch summary. Admins only; the logic lives in core.
import { actorCan } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import {
  importUploadedFile,
  MAX_UPLOAD_BYTES,
  PayloadTooLargeError,
} from "@c360/core/ingest/import-posted-records";
import { getSourceByName } from "@c360/core/sources/manage-sources";
import { getDb } from "~/server/db";
import { getCurrentActor } from "~/server/session";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const actor = await getCurrentActor();
  if (!actor) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  if (!actorCan(actor, "admin"))
    return Response.json(
      { error: "This needs the admin permission, which your role does not have." },
      { status: 403 },
    );
  const declared = Number(request.headers.get("content-length")) || 0;
  if (declared > MAX_UPLOAD_BYTES)
    return Response.json({ error: new PayloadTooLargeError(MAX_UPLOAD_BYTES).message }, { status: 413 });
  if (!request.body)
    return Response.json({ error: "No file arrived; choose a CSV or JSON-lines file." }, { status: 400 });
  const db = await getDb();
  const source = await getSourceByName(db, name);
  if (!source) return Response.json({ error: `Source ${name} does not exist.` }, { status: 404 });
  const fileName = decodeURIComponent(request.headers.get("x-file-name") ?? "upload.csv").slice(0, 255);
  const body = request.body as unknown as AsyncIterable<Uint8Array>;

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
      try {
        const summary = await importUploadedFile(db, {
          source,
          body,
          fileName,
          actor,
          onProgress: (p) => send({ type: "progress", ...p }),
        });
        send({ type: "summary", ...summary });
      } catch (error) {
        const message =
          error instanceof AppError
            ? error.message
            : "The import failed on the server; it has been logged. Committed rows are kept.";
        if (!(error instanceof AppError)) console.error(`portal import into ${name}:`, error);
        send({ type: "error", message });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
  });
}
