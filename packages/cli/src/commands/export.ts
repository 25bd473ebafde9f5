// `c360 export memberships | review-tasks`: which profile each record belongs to, or the review queue, as CSV.
import { writeCsv, type CsvColumn } from "@c360/core/csv/write-csv";
import { EVENT_EXPORT_COLUMNS, exportEvents } from "@c360/core/events/export-events";
import { exportMemberships } from "@c360/core/resolution/export-memberships";
import { exportReviewTasks, exportReviewTasksInput } from "@c360/core/stewardship/export-review-tasks";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

const EXPORTS = ["memberships", "review-tasks", "events"] as const;

/** Writes a header and rows to a file through core's one CSV writer, waiting for the disk when it falls behind. */
export async function writeCsvFile(
  path: string,
  columns: readonly (string | CsvColumn)[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const file = createWriteStream(path);
  const failed = once(file, "error").then(([error]) => {
    throw error;
  });
  const write = async (text: string) => {
    if (!file.write(text)) await Promise.race([once(file, "drain"), failed]);
  };
  await write(writeCsv(columns, [], { eol: "\n" }));
  for (let start = 0; start < rows.length; start += 10_000)
    await write(writeCsv(columns, rows.slice(start, start + 10_000), { header: false, eol: "\n" }));
  file.end();
  await Promise.race([once(file, "finish"), failed]);
}

/** Like writeCsvFile, for rows produced a page at a time (millions of events never held at once). */
async function writeCsvStream(
  path: string,
  columns: readonly (string | CsvColumn)[],
  produce: (write: (rows: readonly (readonly unknown[])[]) => Promise<void>) => Promise<number>,
): Promise<number> {
  const file = createWriteStream(path);
  const failed = once(file, "error").then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  const write = async (text: string) => {
    if (!file.write(text)) await Promise.race([once(file, "drain"), failed]);
  };
  await write(writeCsv(columns, [], { eol: "\n" }));
  const count = await produce((rows) => write(writeCsv(columns, rows, { header: false, eol: "\n" })));
  file.end();
  await Promise.race([once(file, "finish"), failed]);
  return count;
}

// Record ids come from the sources: numeric, so "12345" stays a plain id while "=cmd|..." is written as text.
const recordId: CsvColumn = { name: "record_id", kind: "numeric" };

export const exportCommand: Command = {
  name: "export",
  summary: "export data: which profile each record belongs to, the open review tasks, or the stored events",
  usage:
    "c360 export memberships --out FILE [--with-source]\n       c360 export review-tasks --out FILE [--status open|merged|rejected|dismissed|all]\n       c360 export events --out FILE",
  async run(args, io) {
    const [what, ...rest] = args;
    if (!what) throw new UsageError(`name what to export: ${EXPORTS.join(" or ")}`);
    if (what === "memberships") {
      const withSource = rest.includes("--with-source");
      const flags = parseFlags(
        rest.filter((a) => a !== "--with-source"),
        ["out"],
      );
      if (!flags.out) throw new UsageError("--out FILE is required");
      const out = flags.out;
      return withDatabase(
        async ({ db }) => {
          const rows = await exportMemberships(db);
          const header = withSource ? ["source", recordId, "profile_id"] : [recordId, "profile_id"];
          await writeCsvFile(
            out,
            header,
            rows.map((row) =>
              withSource ? [row.source, row.recordId, row.profileId] : [row.recordId, row.profileId],
            ),
          );
          io.stdout(`c360 export: ${rows.length} memberships written to ${out}`);
          return 0;
        },
        { io },
      );
    }
    if (what === "review-tasks") {
      const flags = parseFlags(rest, ["out", "status"]);
      if (!flags.out) throw new UsageError("--out FILE is required");
      const status = exportReviewTasksInput.shape.status.safeParse(flags.status ?? "open");
      if (!status.success)
        throw new UsageError(
          `--status takes open, merged, rejected, dismissed or all, not "${flags.status}"`,
        );
      const out = flags.out;
      return withDatabase(
        async ({ db }) => {
          const tasks = await exportReviewTasks(db, { status: status.data });
          const header = [
            "task_id",
            "kind",
            "status",
            { name: "match_probability", kind: "numeric" as const },
            "record_ids",
            "source_record_ids",
            "profile_ids",
            "created_at",
            "assignee",
          ];
          await writeCsvFile(
            out,
            header,
            tasks.map((t) => [
              t.taskId,
              t.kind,
              t.status,
              t.matchProbability.toFixed(6),
              t.recordIds.join(";"),
              t.sourceRecordIds.join(";"),
              t.profileIds.join(";"),
              t.createdAt,
              t.assigneeEmail,
            ]),
          );
          io.stdout(
            `c360 export: ${tasks.length} ${status.data === "all" ? "" : `${status.data} `}review tasks written to ${out}`,
          );
          return 0;
        },
        { io },
      );
    }
    if (what === "events") {
      const flags = parseFlags(rest, ["out"]);
      if (!flags.out) throw new UsageError("--out FILE is required");
      const out = flags.out;
      return withDatabase(async ({ db }) => {
        const count = await writeCsvStream(out, [...EVENT_EXPORT_COLUMNS], (write) =>
          exportEvents(db, (rows) => write(rows.map((r) => EVENT_EXPORT_COLUMNS.map((c) => r[c])))),
        );
        io.stdout(`c360 export: ${count} events written to ${out}`);
        return 0;
      });
    }
    throw new UsageError(`cannot export "${what}" (try: ${EXPORTS.join(", ")})`);
  },
};
