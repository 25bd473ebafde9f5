// `c360 quality run`: one quality run now (the worker schedules them; this is the on-demand path for scripts and cron).
import { systemActor } from "@c360/core/actor";
import { runQualityChecks } from "@c360/core/quality/run-quality-checks";
import { UsageError, type Command } from "../command";
import { withDatabase } from "./with-database";

const percent = (score: number | null | undefined) =>
  score === null || score === undefined ? "—" : `${(score * 100).toFixed(1)}%`;

export const qualityCommand: Command = {
  name: "quality",
  summary: "measure data quality now: rules, the Data Trust Score and quality issues",
  usage: "c360 quality run [--scheduled]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "run")
      throw new UsageError(sub ? `unknown quality command "${sub}"` : "say what to do: c360 quality run");
    const unknown = rest.filter((a) => a !== "--scheduled");
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    return withDatabase(
      async ({ db }) => {
        const started = performance.now();
        const result = await runQualityChecks(db, systemActor("cli"), {
          trigger: rest.includes("--scheduled") ? "schedule" : "manual",
        });
        const { summary } = result;
        const dims = Object.entries(summary.dimensions)
          .map(([d, s]) => `${d} ${percent(s)}`)
          .join(", ");
        io.stdout(
          `c360 quality: trust score ${result.trustScore === null ? "—" : result.trustScore.toFixed(1)} (${dims})`,
        );
        io.stdout(
          `c360 quality: ${summary.rules.measured} rules measured, ${summary.rules.failing} failing; issues ${summary.issues.opened} opened, ` +
            `${summary.issues.reopened} re-opened, ${summary.issues.autoResolved} resolved; ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        return 0;
      },
      { io },
    );
  },
};
