// `c360 consent import --file FILE`: consent events from a CSV or JSON-lines file into the ledger (each row one
// event; unknown purposes or notice versions are reported by row and the rest kept; re-running records nothing
// twice). `c360 consent attach`: attach events captured before their person had a profile.
import { systemActor } from "@c360/core/actor";
import { attachUnattributedConsent } from "@c360/core/consent/attach-unattributed-consent";
import { importConsentEvents } from "@c360/core/consent/import-consent-events";
import { AppError } from "@c360/core/errors";
import { openImportFile } from "@c360/core/ingest/open-import-file";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

const PRINTED_ERRORS = 20;

export const consentCommand: Command = {
  name: "consent",
  summary: "import consent events from a file; attach unattributed events to profiles",
  usage: "c360 consent import --file FILE [--format csv|json] | c360 consent attach",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "attach") {
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      return withDatabase(
        async ({ db }) => {
          const result = await attachUnattributedConsent(db);
          io.stdout(
            `c360 consent: ${result.attached} of ${result.examined} unattributed events attached to profiles`,
          );
          return 0;
        },
        { io },
      );
    }
    if (sub !== "import")
      throw new UsageError(
        sub ? `unknown consent command "${sub}"` : "say what to do: c360 consent import --file FILE",
      );
    const flags = parseFlags(rest, ["file", "format"] as const);
    if (!flags.file) throw new UsageError("--file is required");
    if (flags.format && flags.format !== "csv" && flags.format !== "json")
      throw new UsageError(`--format takes csv or json, got "${flags.format}"`);
    const file = flags.file;
    const format = flags.format as "csv" | "json" | undefined;
    return withDatabase(
      async ({ db }) => {
        let opened;
        try {
          opened = await openImportFile(file, format);
        } catch (error) {
          if (error instanceof AppError) {
            io.stderr(`c360 consent: ${error.message}`);
            return 1;
          }
          throw error;
        }
        try {
          const summary = await importConsentEvents(db, systemActor("cli"), {
            rows: opened.rows,
            fileName: opened.fileName,
          });
          io.stdout(
            `c360 consent: ${summary.rows} rows, ${summary.recorded} recorded (${summary.unattributed} not yet attributed to a profile), ` +
              `${summary.duplicates} already recorded, ${summary.rejected} rejected`,
          );
          for (const e of summary.errors.slice(0, PRINTED_ERRORS)) io.stderr(`  row ${e.row}: ${e.reason}`);
          if (summary.rejected > PRINTED_ERRORS)
            io.stderr(`  … and ${summary.rejected - PRINTED_ERRORS} more rejected rows`);
          return 0;
        } catch (error) {
          if (error instanceof AppError) {
            io.stderr(`c360 consent: ${error.message}`);
            return 1;
          }
          throw error;
        }
      },
      { io },
    );
  },
};
