// `c360 import`: loads a CSV or JSON-lines file into a source (created with the given mapping if new), resumably.
import { systemActor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import { importRecords, inputKeyOf } from "@c360/core/ingest/import-records";
import { parseMapOption } from "@c360/core/ingest/map-row";
import { openImportFile } from "@c360/core/ingest/open-import-file";
import { ensureSource } from "@c360/core/sources/manage-sources";
import { sourceKinds, type SourceKind } from "@c360/core/sources/source-schemas";
import { ZodError } from "zod";
import { UsageError, type Command, type CommandIO } from "../command";
import { withDatabase } from "./with-database";

const USAGE =
  "c360 import --source NAME --file FILE [--map column=field ...] [--kind crm|billing|support|marketing|ecommerce|web|other] [--format csv|json] [--chunk-size N] [--no-resolve]";
/** Rejected rows printed in the summary; the batch keeps more, `rows_rejected` counts them all. */
const PRINTED_ERRORS = 20;

interface ImportArgs {
  source: string;
  file: string;
  map: Record<string, string>;
  kind: SourceKind | undefined;
  format: "csv" | "json" | undefined;
  chunkSize: number | undefined;
  resolve: boolean;
}

function parseArgs(args: string[]): ImportArgs {
  const parsed: Partial<ImportArgs> & { map: Record<string, string>; resolve: boolean } = {
    map: {},
    resolve: true,
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === "--no-resolve") {
      parsed.resolve = false;
      continue;
    }
    if (!["--source", "--file", "--map", "--kind", "--format", "--chunk-size"].includes(flag))
      throw new UsageError(`unknown option "${flag}"`);
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--")))
      throw new UsageError(`${flag} needs a value`);
    if (flag === "--source") parsed.source = value;
    else if (flag === "--file") parsed.file = value;
    else if (flag === "--kind") {
      if (!(sourceKinds as readonly string[]).includes(value))
        throw new UsageError(`--kind ${value}: kinds are ${sourceKinds.join(", ")}`);
      parsed.kind = value as SourceKind;
    } else if (flag === "--format") {
      if (value !== "csv" && value !== "json")
        throw new UsageError(`--format takes csv or json, got "${value}"`);
      parsed.format = value;
    } else if (flag === "--chunk-size") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 50_000)
        throw new UsageError(`--chunk-size takes a whole number from 1 to 50000, got "${value}"`);
      parsed.chunkSize = n;
    } else {
      try {
        const [column, field] = parseMapOption(value);
        parsed.map[column] = field;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
  }
  if (!parsed.source) throw new UsageError("--source is required");
  if (!parsed.file) throw new UsageError("--file is required");
  return parsed as ImportArgs;
}

function describeError(error: unknown): string {
  if (error instanceof ZodError)
    return error.issues
      .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
      .join("; ");
  return error instanceof Error ? error.message : String(error);
}

async function runImport(args: string[], io: CommandIO): Promise<number> {
  const options = parseArgs(args);
  const actor = systemActor("cli");
  const started = performance.now();
  try {
    const file = await openImportFile(options.file, options.format);
    return await withDatabase(
      async ({ db }) => {
        const { source, created } = await ensureSource(db, actor, {
          name: options.source,
          kind: options.kind,
          fieldMapping: options.map,
        });
        if (created)
          io.stderr(
            `c360 import: created source ${source.name}${Object.keys(options.map).length ? " with the given mapping" : ""}`,
          );
        let lastReport = 0;
        const summary = await importRecords(db, {
          source,
          rows: file.rows,
          origin: "file",
          actor,
          fileName: file.fileName,
          inputKey: inputKeyOf(file.sha256, options.map),
          mapping: options.map,
          chunkSize: options.chunkSize,
          ...(options.resolve ? {} : { resolve: null }),
          onProgress: (p) => {
            const now = performance.now();
            if (now - lastReport < 1000) return;
            lastReport = now;
            io.stderr(
              `c360 import: row ${p.checkpoint}: ${p.accepted} accepted, ${p.unchanged} unchanged, ${p.rejected} rejected`,
            );
          },
        });
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? Math.round(summary.rowsTotal / seconds) : summary.rowsTotal;
        io.stdout(
          `imported ${file.fileName} into ${source.name}${summary.resumed ? " (resumed after an interrupted run)" : ""}: ` +
            `${summary.rowsTotal} rows, ${summary.accepted} accepted, ${summary.unchanged} unchanged, ${summary.rejected} rejected ` +
            `in ${seconds.toFixed(1)} s (${rate} rows/s), batch ${summary.batchId}`,
        );
        for (const error of summary.errors.slice(0, PRINTED_ERRORS))
          io.stdout(`  row ${error.row}: ${error.reason}`);
        if (summary.rejected > PRINTED_ERRORS)
          io.stdout(
            `  ... ${summary.rejected - PRINTED_ERRORS} more rejected rows (first ${summary.errors.length} kept in batch ${summary.batchId})`,
          );
        return 0;
      },
      { io },
    );
  } catch (error) {
    // Bad input the user can fix: one line, exit 1; anything else propagates with its message.
    if (error instanceof AppError || error instanceof ZodError) {
      io.stderr(`c360 import: ${describeError(error)}`);
      return 1;
    }
    throw error;
  }
}

export const importCommand: Command = {
  name: "import",
  summary: "import a CSV or JSON-lines file into a source (resumes an interrupted run of the same file)",
  usage: USAGE,
  run: runImport,
};
