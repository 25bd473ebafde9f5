// A portal file upload into a source (records or events): the file arrives as the request body and is imported as
// it streams in; the response is JSON lines of progress ending with the summary (or one error line). Signed-in
// admins only, from the portal's own pages (a cross-origin post is refused); the import itself lives in core.
import type { Actor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import { MAX_UPLOAD_BYTES } from "@c360/core/ingest/import-posted-records";
import { getSourceByName, type PublicSource } from "@c360/core/sources/manage-sources";
import { logUnexpectedError } from "@c360/core/system/describe-error-for-log";
import type { Database } from "@c360/db/client";
import { getDb } from "~/server/db";
import { authenticateCaller, restRoute, RestProblem } from "~/server/rest";

/** The X-File-Name header: percent-encoded by the upload page; a name that does not decode is refused, not guessed. */
export function fileNameOf(header: string | null, fallback: string): string {
  if (header === null) return fallback;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw new RestProblem(
      400,
      "The X-File-Name header is not a percent-encoded file name (encodeURIComponent of the name).",
    );
  }
  name = [...name]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join("")
    .trim();
  if (!name) throw new RestProblem(400, "The X-File-Name header is empty; send the file's name.");
  return name.slice(0, 255);
}

export interface UploadInput {
  source: PublicSource;
  body: AsyncIterable<Uint8Array>;
  fileName: string;
  actor: Actor;
  onProgress: (progress: object) => void;
}

export interface UploadRouteOptions {
  /** Names the route in logs: "portal import". */
  label: string;
  /** The file name when the page sent none. */
  defaultFileName: string;
  /** The command named when the file is too large for an upload. */
  cliCommand: string;
  /** What to choose when no body arrived: "a CSV or JSON-lines file". */
  expectedFile: string;
  /** What the failure message says is kept: "rows", "events". */
  committedNoun: string;
  run: (db: Database, input: UploadInput) => Promise<object>;
}

export function uploadRoute(options: UploadRouteOptions) {
  return restRoute(
    options.label,
    async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
      const { name } = await params;
      const actor = await authenticateCaller(request, {
        session: "admin",
        credentialsHint: "Sign in as an admin to continue.",
      });
      const declared = Number(request.headers.get("content-length")) || 0;
      if (declared > MAX_UPLOAD_BYTES)
        throw new RestProblem(
          413,
          `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with \`${options.cliCommand}\`.`,
        );
      if (!request.body) throw new RestProblem(400, `No file arrived; choose ${options.expectedFile}.`);
      const fileName = fileNameOf(request.headers.get("x-file-name"), options.defaultFileName);
      const db = await getDb();
      const source = await getSourceByName(db, name);
      if (!source) throw new RestProblem(404, `Source ${name} does not exist.`);
      const body = request.body as unknown as AsyncIterable<Uint8Array>;

      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (line: object) => controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
          try {
            const summary = await options.run(db, {
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
                : `The import failed on the server; it has been logged. Committed ${options.committedNoun} are kept.`;
            if (!(error instanceof AppError)) logUnexpectedError(`${options.label} into ${name}`, error);
            send({ type: "error", message });
          } finally {
            controller.close();
          }
        },
      });
      return new Response(stream, {
        headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
      });
    },
  );
}
