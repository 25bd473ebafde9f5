// Scheduled resolution: a sweep that resolves stored records still without a profile and attaches consent that
// was waiting for one (every minute by default, C360_RESOLVE_PENDING_SECONDS), and a full batch run (`c360 resolve --full`) every C360_RESOLVE_FULL_EVERY_MINUTES
// (default daily; 0 switches it off). When records exist but no model has been trained, the first full run starts
// at once. Never two runs of one kind at once in this process; the write phases take the resolution lock, so
// several workers queue rather than race.
import { systemActor } from "@c360/core/actor";
import { attachUnattributedConsent } from "@c360/core/consent/attach-unattributed-consent";
import { resolveFull } from "@c360/core/resolution/resolve-full";
import { realtimeReadiness, resolvePendingRecords } from "@c360/core/resolution/resolve-pending";
import type { Database } from "@c360/db/client";
import { repeatJob } from "./repeat-job";

export interface ResolutionSchedule {
  stop: () => Promise<void>;
}

export function startResolutionSchedule(
  db: Database,
  options: { pendingSeconds: number; fullEveryMinutes: number; log?: (line: string) => void },
): ResolutionSchedule {
  const { pendingSeconds, fullEveryMinutes } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const actor = systemActor("scheduler");

  const full = repeatJob({
    name: "resolution",
    failure: "full run failed",
    everyMs: fullEveryMinutes * 60_000,
    // 0 minutes: no scheduled full run; the sweep still starts one when records wait for a first model.
    repeat: fullEveryMinutes > 0,
    runNow: false,
    log,
    run: async () => {
      const r = await resolveFull(db, { actor });
      log(
        `resolution: full run ${r.runId}: ${r.records} records, ${r.profiles} profiles, model v${r.modelVersion}`,
      );
    },
  });
  const sweep = repeatJob({
    name: "resolution",
    failure: "sweep failed",
    everyMs: pendingSeconds * 1000,
    skipWhile: full.running,
    log,
    run: async () => {
      const readiness = await realtimeReadiness(db);
      // Nothing can be resolved on arrival before a model exists: train one with a first full run.
      if (readiness === "needs_full_run") void full.trigger();
      if (readiness !== "ready") return;
      const result = await resolvePendingRecords(db, actor);
      if (result.pending > 0)
        log(`resolution: resolved ${result.pending} waiting record(s): ${JSON.stringify(result.counts)}`);
      // Consent captured before its person had a profile follows the profiles real-time resolution made since.
      // (Here rather than per arrival: unattributable events would otherwise be re-examined on every batch.)
      const consent = await attachUnattributedConsent(db);
      if (consent.attached > 0)
        log(`resolution: attached ${consent.attached} waiting consent event(s) to profiles`);
    },
  });

  return {
    stop: async () => {
      await sweep.stop();
      await full.stop();
    },
  };
}
