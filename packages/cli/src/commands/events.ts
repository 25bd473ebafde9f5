// `c360 events import`: Segment-style events from a JSON-lines / JSON-array file, or CSV through a column map, into
// a source, resumably (decision 0901). The same path as REST and the stream: ingestEvents.
import { systemActor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import { setEventSettings } from "@c360/core/events/event-settings";
import { importEventFile } from "@c360/core/events/import-event-file";
import { inputKeyOf } from "@c360/core/ingest/import-records";
import { openImportFile } from "@c360/core/ingest/open-import-file";
import { ensureSource } from "@c360/core/sources/manage-sources";
import { sourceKinds, type SourceKind } from "@c360/core/sources/source-schemas";
import { ZodError } from "zod";
import { UsageError, type Command, type CommandIO } from "../command";
import { withDatabase } from "./with-database";

const USAGE =
  "c360 events import --source NAME --file FILE [--map column=field ...] [--format csv|json] [--kind web|ecommerce|...] [--user-id-source NAME] [--event NAME] [--chunk-size N]";
const PRINTED_ERRORS = 20;

interface EventImportArgs {
  source: string;
  file: string;
  map: Record<string, string>;
  format: "csv" | "json" | undefined;
  kind: SourceKind;
  userIdSource: string | undefined;
  event: string | undefined;
  chunkSize: number | undefined;
}

function parseArgs(args: string[]): EventImportArgs {
  const parsed: Partial<EventImportArgs> & { map: Record<string, string> } = { map: {} };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (
      ![
        "--source",
        "--file",
        "--map",
        "--format",
        "--kind",
        "--user-id-source",
        "--event",
        "--chunk-size",
      ].includes(flag)
    )
      throw new UsageError(`unknown option "${flag}"`);
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--")))
      throw new UsageError(`${flag} needs a value`);
    if (flag === "--source") parsed.source = value;
    else if (flag === "--file") parsed.file = value;
    else if (flag === "--user-id-source") parsed.userIdSource = value;
    else if (flag === "--event") parsed.event = value;
    else if (flag === "--format") {
      if (value !== "csv" && value !== "json")
        throw new UsageError(`--format takes csv or json, got "${value}"`);
      parsed.format = value;
    } else if (flag === "--kind") {
      if (!(sourceKinds as readonly string[]).includes(value))
        throw new UsageError(`--kind ${value}: kinds are ${sourceKinds.join(", ")}`);
      parsed.kind = value as SourceKind;
    } else if (flag === "--chunk-size") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 20_000)
        throw new UsageError(`--chunk-size takes a whole number from 1 to 20000, got "${value}"`);
      parsed.chunkSize = n;
    } else {
      const eq = value.indexOf("=");
      if (eq <= 0 || eq === value.length - 1)
        throw new UsageError(`--map takes column=field, got "${value}"`);
      parsed.map[value.slice(0, eq).trim()] = value.slice(eq + 1).trim();
    }
  }
  if (!parsed.source) throw new UsageError("--source is required");
  if (!parsed.file) throw new UsageError("--file is required");
  return { kind: "web", ...parsed } as EventImportArgs;
}

async function runEventImport(args: string[], io: CommandIO): Promise<number> {
  const options = parseArgs(args);
  const actor = systemActor("cli");
  const started = performance.now();
  try {
    const file = await openImportFile(options.file, options.format);
    return await withDatabase(async ({ db }) => {
      const { source, created } = await ensureSource(db, actor, { name: options.source, kind: options.kind });
      if (created) io.stderr(`c360 events import: created source ${source.name}`);
      if (options.userIdSource)
        await setEventSettings(db, actor, { sourceName: source.name, userIdSource: options.userIdSource });
      let lastReport = 0;
      const summary = await importEventFile(db, {
        source,
        rows: file.rows,
        actor,
        origin: "file",
        fileName: file.fileName,
        inputKey: inputKeyOf(file.sha256, { ...options.map, "\u0000events": options.event ?? "" }),
        columnMap: options.map,
        defaultEvent: options.event,
        chunkSize: options.chunkSize,
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastReport < 1000) return;
          lastReport = now;
          io.stderr(
            `c360 events import: row ${p.checkpoint}: ${p.accepted} accepted, ${p.duplicate} duplicate, ${p.rejected} rejected`,
          );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(summary.rowsTotal / seconds) : summary.rowsTotal;
      io.stdout(
        `imported ${file.fileName} into ${source.name}${summary.resumed ? " (resumed after an interrupted run)" : ""}: ` +
          `${summary.rowsTotal} events, ${summary.accepted} accepted, ${summary.unchanged} duplicate, ${summary.rejected} rejected ` +
          `in ${seconds.toFixed(1)} s (${rate} events/s), batch ${summary.batchId}`,
      );
      for (const error of summary.errors.slice(0, PRINTED_ERRORS))
        io.stdout(`  row ${error.row}: ${error.reason}`);
      if (summary.rejected > PRINTED_ERRORS)
        io.stdout(
          `  ... ${summary.rejected - PRINTED_ERRORS} more rejected rows (first ${summary.errors.length} kept in batch ${summary.batchId})`,
        );
      return 0;
    });
  } catch (error) {
    if (error instanceof AppError || error instanceof ZodError) {
      io.stderr(
        `c360 events import: ${error instanceof ZodError ? error.issues.map((i) => i.message).join("; ") : error.message}`,
      );
      return 1;
    }
    throw error;
  }
}

export const eventsCommand: Command = {
  name: "events",
  summary:
    "import behavioural events (Segment-style JSON lines, or CSV with a column map); resumes an interrupted run",
  usage: USAGE,
  async run(args, io) {
    const [what, ...rest] = args;
    if (what !== "import")
      throw new UsageError(
        what ? `unknown events command "${what}" (try: import)` : "name what to do: import",
      );
    return runEventImport(rest, io);
  },
};
