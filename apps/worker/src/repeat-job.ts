// One repeating job of the worker: run now, then every interval; never two runs of one job at once (a slot that
// comes while the previous run is still going is skipped, not queued); a failure is logged and the next slot tries
// again; stop() clears the timer and waits for the run in progress. The quality, privacy and resolution schedules
// are all this loop with their own work.
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";

export interface RepeatingJob {
  /** Start a run now unless one is going (or `skipWhile` says wait); the run's promise, or null when skipped. */
  trigger: () => Promise<void> | null;
  /** True while a run is in progress. */
  running: () => boolean;
  stop: () => Promise<void>;
}

export interface RepeatOptions {
  /** Names the job in the log: "quality: run failed: ...". */
  name: string;
  everyMs: number;
  run: () => Promise<void>;
  log: (line: string) => void;
  /** What the failure is called in the log (default "run failed"). */
  failure?: string;
  /** Skip a slot while this says so (e.g. a sweep waits while the full run goes). */
  skipWhile?: () => boolean;
  /** false: only on trigger() (and the first run), never by the timer. */
  repeat?: boolean;
  /** false: wait for the first interval before the first run. */
  runNow?: boolean;
}

export function repeatJob(options: RepeatOptions): RepeatingJob {
  let current: Promise<void> | null = null;
  const trigger = () => {
    if (current || options.skipWhile?.()) return null;
    // A database error's message can end with the values of its query (records, emails): never printed as is.
    current = options
      .run()
      .catch((error: unknown) =>
        options.log(`${options.name}: ${options.failure ?? "run failed"}: ${describeErrorBriefly(error)}`),
      )
      .finally(() => {
        current = null;
      });
    return current;
  };
  // A run never rejects (its failure is logged above), so the timer may drop the promise.
  const timer = options.repeat === false ? null : setInterval(() => void trigger(), options.everyMs);
  if (options.runNow !== false) void trigger();
  return {
    trigger,
    running: () => current !== null,
    stop: async () => {
      if (timer) clearInterval(timer);
      await current;
    },
  };
}
