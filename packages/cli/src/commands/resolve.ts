// `c360 resolve`: batch resolution of everything stored (trains the model the first time or with --retrain).
import { systemActor } from "@c360/core/actor";
import { resolveFull } from "@c360/core/resolution/resolve-full";
import { UsageError, type Command } from "../command";
import { withDatabase } from "./with-database";

export const resolveCommand: Command = {
  name: "resolve",
  summary: "resolve all stored records into golden profiles (batch)",
  usage: "c360 resolve [--full] [--retrain]",
  async run(args, io) {
    const unknown = args.filter((a) => a !== "--full" && a !== "--retrain");
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    return withDatabase(
      async ({ db }) => {
        const started = performance.now();
        const result = await resolveFull(db, {
          actor: systemActor("cli"),
          retrain: args.includes("--retrain"),
          onProgress: (stage, detail) => io.stdout(`c360 resolve: ${stage.padEnd(8)} ${detail}`),
        });
        for (const warning of result.warnings) io.stderr(`c360 resolve: warning: ${warning}`);
        const secondsTaken = (performance.now() - started) / 1000;
        io.stdout(
          `c360 resolve: ${result.records} records -> ${result.profiles} profiles (${result.keptProfiles} kept their id, ${result.newProfiles} new, ` +
            `${result.retiredProfiles} retired), ${result.reviewTasks} review tasks, model v${result.modelVersion}${result.trained ? " (trained)" : ""}, ` +
            `${secondsTaken.toFixed(1)} s`,
        );
        return 0;
      },
      { io },
    );
  },
};
