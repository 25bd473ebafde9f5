// `c360 seed`: fills the database with synthetic multi-source customers, resolved, with interactions.
import { systemActor } from "@c360/core/actor";
import { seedDemoData } from "@c360/core/seed/seed-demo-data";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

export const seedCommand: Command = {
  name: "seed",
  summary: "fill the database with realistic multi-source demo customers",
  usage: "c360 seed [--persons N] [--seed S]",
  async run(args, io) {
    const flags = parseFlags(args, ["persons", "seed"]);
    const persons = Number(flags.persons ?? 2000);
    const seed = Number(flags.seed ?? 2026);
    if (!Number.isInteger(persons) || persons < 1 || persons > 5_000_000)
      throw new UsageError("--persons must be a whole number from 1 to 5000000");
    if (!Number.isInteger(seed)) throw new UsageError("--seed must be a whole number");
    return withDatabase(
      async ({ db }) => {
        const started = performance.now();
        const result = await seedDemoData(db, systemActor("seed"), {
          persons,
          seed,
          onProgress: (m) => io.stdout(`c360 seed: ${m}`),
        });
        io.stdout(
          `c360 seed: ${result.records} records of ${result.persons} persons -> ${result.resolution.profiles} profiles, ` +
            `${result.interactions} interactions, ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        return 0;
      },
      { io },
    );
  },
};
