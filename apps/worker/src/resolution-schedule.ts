// Scheduled resolution: a sweep that resolves stored records still without a profile and attaches consent that
// was waiting for one (every minute by default, C360_RESOLVE_PENDING_SECONDS), and a full batch run (`c360 resolve --full`) every C360_RESOLVE_FULL_EVERY_MINUTES
// (default daily; 0 switches it off). When records exist but no model has been trained, the first full run starts
// at once. Never two runs of one kind at once in this process; the write phases take the resolution lock, so
// several workers queue rather than race.
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import { systemActor } from "@c360/core/actor";
import { attachUnattributedConsent } from "@c360/core/consent/attach-unattributed-consent";
import { resolveFull } from "@c360/core/resolution/resolve-full";
import { resolvePendingRecords } from "@c360/core/resolution/resolve-pending";
import { loadActiveModel } from "@c360/core/resolution/model-store";
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { z } from "zod";

const settingsSchema = z.object({
  C360_RESOLVE_PENDING_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  C360_RESOLVE_FULL_EVERY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(31 * 24 * 60)
    .default(24 * 60),
});

export interface ResolutionSchedule {
  stop: () => Promise<void>;
}

// A database error's message can end with the values of its query (records, emails): never printed as is.
const message = describeErrorBriefly;

export function startResolutionSchedule(
  db: Database,
  options: { pendingSeconds?: number; fullEveryMinutes?: number; log?: (line: string) => void } = {},
): ResolutionSchedule {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success)
    throw new Error(`Worker settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const pendingSeconds = options.pendingSeconds ?? parsed.data.C360_RESOLVE_PENDING_SECONDS;
  const fullEveryMinutes = options.fullEveryMinutes ?? parsed.data.C360_RESOLVE_FULL_EVERY_MINUTES;
  const log = options.log ?? ((line: string) => console.log(line));
  const actor = systemActor("scheduler");
  let full: Promise<void> | null = null;
  let sweep: Promise<void> | null = null;

  const runFull = () => {
    if (full) return;
    full = resolveFull(db, { actor })
      .then((r) => log(`resolution: full run ${r.runId}: ${r.records} records, ${r.profiles} profiles, model v${r.modelVersion}`))
      .catch((error: unknown) => log(`resolution: full run failed: ${message(error)}`))
      .finally(() => {
        full = null;
      });
  };
  const runSweep = () => {
    if (sweep || full) return;
    sweep = (async () => {
      if (!(await loadActiveModel(db))) {
        const [stored] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from source_records where status = 'active'`);
        // Nothing can be resolved on arrival before a model exists: train one with a first full run.
        if ((stored?.n ?? 0) > 0) runFull();
        return;
      }
      const result = await resolvePendingRecords(db, actor);
      if (result.pending > 0)
        log(`resolution: resolved ${result.pending} waiting record(s): ${JSON.stringify(result.counts)}`);
      // Consent captured before its person had a profile follows the profiles real-time resolution made since.
      // (Here rather than per arrival: unattributable events would otherwise be re-examined on every batch.)
      const consent = await attachUnattributedConsent(db);
      if (consent.attached > 0) log(`resolution: attached ${consent.attached} waiting consent event(s) to profiles`);
    })()
      .catch((error: unknown) => log(`resolution: sweep failed: ${message(error)}`))
      .finally(() => {
        sweep = null;
      });
  };

  const timers = [setInterval(runSweep, pendingSeconds * 1000)];
  if (fullEveryMinutes > 0) timers.push(setInterval(runFull, fullEveryMinutes * 60_000));
  runSweep();
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await sweep;
      await full;
    },
  };
}
