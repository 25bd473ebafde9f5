// Scheduled quality runs: one run every interval (default hourly, C360_QUALITY_EVERY_MINUTES), never two at once.
// Several workers may run this; the run itself takes an advisory lock, so they queue rather than race.
import { systemActor } from "@c360/core/actor";
import { runQualityChecks } from "@c360/core/quality/run-quality-checks";
import type { Database } from "@c360/db/client";
import { repeatJob } from "./repeat-job";

export interface QualitySchedule {
  stop: () => Promise<void>;
}

export function startQualitySchedule(
  db: Database,
  options: { everyMinutes: number; log?: (line: string) => void },
): QualitySchedule {
  const minutes = options.everyMinutes;
  const log = options.log ?? ((line: string) => console.log(line));
  const job = repeatJob({
    name: "quality",
    everyMs: minutes * 60_000,
    log,
    run: async () => {
      const r = await runQualityChecks(db, systemActor("scheduler"), { trigger: "schedule" });
      log(
        `quality: run ${r.runId} trust score ${r.trustScore?.toFixed(1) ?? "—"}, ${r.summary.rules.failing} rules failing`,
      );
    },
  });
  return { stop: job.stop };
}
