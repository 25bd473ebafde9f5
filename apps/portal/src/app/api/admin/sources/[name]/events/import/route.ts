// Portal upload of an events file: the same chunked, resumable import as `c360 events import`, as it streams in
// (progress as JSON lines, then the summary with the per-row errors).
import { importUploadedEvents } from "@c360/core/events/import-uploaded-events";
import { uploadRoute } from "~/server/upload-route";

export const dynamic = "force-dynamic";

export const POST = uploadRoute({
  label: "portal event import",
  defaultFileName: "events.jsonl",
  cliCommand: "c360 events import",
  expectedFile: "a JSON-lines or CSV file of events",
  committedNoun: "events",
  run: (db, { source, ...input }) =>
    importUploadedEvents(db, { ...input, source: { id: source.id, name: source.name, kind: source.kind } }),
});
