// Portal upload of a records file, imported as it streams in (progress as JSON lines, then the batch summary).
import { importUploadedFile } from "@c360/core/ingest/import-posted-records";
import { uploadRoute } from "~/server/upload-route";

export const dynamic = "force-dynamic";

export const POST = uploadRoute({
  label: "portal import",
  defaultFileName: "upload.csv",
  cliCommand: "c360 import",
  expectedFile: "a CSV or JSON-lines file",
  committedNoun: "rows",
  run: (db, input) => importUploadedFile(db, input),
});
