// Pending erasures: an erasure that stopped half-way (a crash, a failed step) is resumed every few minutes until
// it completes. Each step is idempotent and locks its request, so several workers and a handler's retry can overlap.
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import { systemActor } from "@c360/core/actor";
import { resumePendingErasures } from "@c360/core/privacy/erase-subject";
import type { Database } from "@c360/db/client";

export interface PrivacySchedule {
  stop: () => Promise<void>;
}

export function startPrivacySchedule(
  db: Database,
  options: { everyMinutes?: number; log?: (line: string) => void } = {},
): PrivacySchedule {
  const minutes = options.everyMinutes ?? 5;
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = resumePendingErasures(db, systemActor("worker:privacy"))
      .then(({ completed, failed }) => {
        if (completed.length || failed.length) log(`privacy: ${completed.length} erasures resumed to completion, ${failed.length} still failing`);
      })
      .catch((error: unknown) => log(`privacy: resuming erasures failed: ${describeErrorBriefly(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, minutes * 60_000);
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
