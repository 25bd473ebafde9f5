// Pending erasures: an erasure that stopped half-way (a crash, a failed step) is resumed every few minutes until
// it completes. Each step is idempotent and locks its request, so several workers and a handler's retry can overlap.
import { systemActor } from "@c360/core/actor";
import { resumePendingErasures } from "@c360/core/privacy/erase-subject";
import type { Database } from "@c360/db/client";
import { repeatJob } from "./repeat-job";

export interface PrivacySchedule {
  stop: () => Promise<void>;
}

export function startPrivacySchedule(
  db: Database,
  options: { everyMinutes?: number; log?: (line: string) => void } = {},
): PrivacySchedule {
  const log = options.log ?? ((line: string) => console.log(line));
  const job = repeatJob({
    name: "privacy",
    everyMs: (options.everyMinutes ?? 5) * 60_000,
    log,
    failure: "resuming erasures failed",
    run: async () => {
      const { completed, failed } = await resumePendingErasures(db, systemActor("worker:privacy"));
      if (completed.length || failed.length)
        log(`privacy: ${completed.length} erasures resumed to completion, ${failed.length} still failing`);
    },
  });
  return { stop: job.stop };
}
