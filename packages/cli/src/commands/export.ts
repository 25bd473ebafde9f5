// `c360 export memberships`: record_id,profile_id for every stored record, as CSV.
import { exportMemberships } from "@c360/core/resolution/export-memberships";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const exportCommand: Command = {
  name: "export",
  summary: "export data, e.g. which profile each record belongs to",
  usage: "c360 export memberships --out FILE [--with-source]",
  async run(args, io) {
    const [what, ...rest] = args;
    if (what !== "memberships") throw new UsageError(what ? `cannot export "${what}" (try: memberships)` : "name what to export: memberships");
    const withSource = rest.includes("--with-source");
    const flags = parseFlags(rest.filter((a) => a !== "--with-source"), ["out"]);
    if (!flags.out) throw new UsageError("--out FILE is required");
    const out = flags.out;
    return withDatabase(async ({ db }) => {
      const rows = await exportMemberships(db);
      const file = createWriteStream(out);
      file.write(withSource ? "source,record_id,profile_id\n" : "record_id,profile_id\n");
      for (const row of rows) {
        const line = `${withSource ? csvCell(row.source) + "," : ""}${csvCell(row.recordId)},${row.profileId ?? ""}\n`;
        if (!file.write(line)) await once(file, "drain");
      }
      file.end();
      await once(file, "finish");
      io.stdout(`c360 export: ${rows.length} memberships written to ${out}`);
      return 0;
    });
  },
};
