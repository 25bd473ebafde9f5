// Where deliveries happen (decision 2201): a pg-boss queue on the c360 database. A relay moves new outbox rows
// (trigger_deliveries, committed with the events that fired them) into the queue, woken by the commit's NOTIFY or
// its own short poll; pg-boss workers make the attempts (deliver-trigger-delivery.ts) and a failed attempt schedules
// the next one as a job of its own, at the backoff's time. On PostgreSQL pg-boss has its own small pool; on the
// embedded PGlite it runs through the one PGlite connection of the process (the portal, which is the only process
// that may open it).
import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import { queryRows, type Database, type DatabaseDriver } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { fromPglite, PgBoss } from "pg-boss";
import type { WebhookPolicy } from "../activation/check-webhook-target";
import { deliverTriggerDeliveries, type DeliveryOutcome } from "./deliver-trigger-delivery";
import { evaluateAbsenceTriggers } from "./evaluate-absence-triggers";

export const DELIVERY_QUEUE = "c360-trigger-deliveries";
const BOSS_SCHEMA = "pgboss";

export interface TriggerDeliveryOptions {
  db: Database;
  driver: DatabaseDriver;
  /** PostgreSQL: the URL pg-boss opens its own pool with. Not used on PGlite. */
  connectionString?: string | null;
  log: (line: string) => void;
  policy?: WebhookPolicy;
  /** NATS server(s) for NATS actions (e.g. nats://127.0.0.1:4222), connected on the first such delivery. */
  natsUrl?: string | null;
  /** How often the relay looks for new outbox rows when no NOTIFY woke it (ms). */
  relayEveryMs?: number;
  /** How often absence conditions are evaluated (ms; default a minute). */
  absenceEveryMs?: number;
  /** Jobs fetched at once by each of the two fetch loops of this process (their attempts run concurrently). */
  concurrency?: number;
  /** Called after each attempt (tests and the benchmark watch outcomes). */
  onOutcome?: (deliveryId: string, outcome: DeliveryOutcome) => void;
}

export interface TriggerDeliveryRunner {
  /** Move new outbox rows into the queue now (the relay also runs on its own). */
  relay: () => Promise<number>;
  /** Evaluate absence conditions now (the runner also does every `absenceEveryMs`). */
  evaluateAbsence: () => Promise<void>;
  stop: () => Promise<void>;
}

/** A job id per delivery, round (replays) and attempt: sending it twice (a crash between send and mark) is a no-op. */
export function jobIdOf(deliveryId: string, round: number, attempt: number): string {
  const h = createHash("sha256").update(`${deliveryId}:${round}:${attempt}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function bossFor(options: TriggerDeliveryOptions): PgBoss {
  const common = {
    schema: BOSS_SCHEMA,
    schedule: false,
    registerInstance: false,
    openTelemetry: { enabled: false },
  } as const;
  if (options.driver === "pglite") {
    const client = (options.db as unknown as { $client: PGlite }).$client;
    return new PgBoss({ ...common, backend: "pglite", db: fromPglite(client) });
  }
  if (!options.connectionString)
    throw new Error("Trigger delivery on PostgreSQL needs the database URL for its job queue.");
  return new PgBoss({ ...common, connectionString: options.connectionString, max: 4 });
}

export async function startTriggerDelivery(options: TriggerDeliveryOptions): Promise<TriggerDeliveryRunner> {
  const { db, log } = options;
  const boss = bossFor(options);
  boss.on("error", (error: Error) => log(`triggers: job queue: ${error.message}`));
  await boss.start();
  if (!(await boss.getQueue(DELIVERY_QUEUE)))
    // Jobs whose worker died are retried by pg-boss (expiry); delivery failures schedule their own next attempt.
    await boss.createQueue(DELIVERY_QUEUE, { retryLimit: 5, retryDelay: 5, expireInSeconds: 60 });

  const concurrency = options.concurrency ?? 25;
  let stopped = false;
  // One NATS connection for this runner, opened when a NATS action is first delivered; a failed connect is
  // forgotten, so the next attempt tries again.
  let natsConnection: Promise<NatsConnection> | null = null;
  const natsUrl = options.natsUrl;
  const jetstream = natsUrl
    ? async () => {
        natsConnection ??= connect({ servers: natsUrl, name: "c360-triggers", maxReconnectAttempts: -1 });
        try {
          return (await natsConnection).jetstream();
        } catch (error) {
          natsConnection = null;
          throw error;
        }
      }
    : undefined;
  const attemptBatch = async (deliveryIds: string[]) => {
    const outcomes = await deliverTriggerDeliveries(db, deliveryIds, {
      policy: options.policy,
      log,
      nats: jetstream,
    });
    // Each failed attempt's next one is a job of its own, due at the backoff's time; its id is derived, so a
    // handler that fails after this and runs again schedules nothing twice.
    const retries = [...outcomes].flatMap(([deliveryId, o]) =>
      o.status === "retrying"
        ? [
            {
              id: jobIdOf(deliveryId, o.round, o.attempts),
              data: { deliveryId },
              startAfter: o.nextAttemptAt,
            },
          ]
        : [],
    );
    if (retries.length > 0) {
      await boss.insert(DELIVERY_QUEUE, retries);
      await db.execute(sql`update trigger_deliveries d set job_id = j.job_id
          from jsonb_to_recordset(${JSON.stringify(retries.map((r) => ({ id: r.data.deliveryId, job_id: r.id })))}::jsonb)
            as j(id uuid, job_id uuid)
          where d.id = j.id`);
    }
    if (options.onOutcome) for (const [id, o] of outcomes) options.onOutcome(id, o);
  };
  const workerId = await boss.work<{ deliveryId: string }>(
    DELIVERY_QUEUE,
    // A full batch fetches the next one at once (burst); otherwise the relay's wake-up or the 0.5 s poll does.
    { pollingIntervalSeconds: 0.5, batchSize: concurrency, burstWhenBatchFull: true, localConcurrency: 2 },
    async (jobs) => {
      try {
        await attemptBatch(jobs.map((job) => job.data.deliveryId));
      } catch (error) {
        log(`triggers: a delivery batch failed to run: ${(error as Error).message.split("\n")[0]}`);
        throw error;
      }
    },
  );

  let relaying: Promise<number> | null = null;
  const relayOnce = async (): Promise<number> => {
    let moved = 0;
    for (;;) {
      const rows = await queryRows<{ id: string; round: number }>(
        db,
        sql`select id, round from trigger_deliveries where queued_at is null and status = 'pending'
            order by created_at limit 500`,
      );
      if (rows.length === 0) break;
      const jobs = rows.map((r) => ({
        id: jobIdOf(r.id, Number(r.round), 0),
        data: { deliveryId: r.id },
      }));
      await boss.insert(DELIVERY_QUEUE, jobs);
      await db.execute(sql`update trigger_deliveries d set queued_at = now(), job_id = j.job_id
          from jsonb_to_recordset(${JSON.stringify(jobs.map((j) => ({ id: j.data.deliveryId, job_id: j.id })))}::jsonb)
            as j(id uuid, job_id uuid)
          where d.id = j.id`);
      moved += rows.length;
      if (rows.length < 500) break;
    }
    if (moved > 0) boss.notifyWorker(workerId);
    return moved;
  };
  const relay = () => {
    relaying ??= relayOnce().finally(() => {
      relaying = null;
    });
    return relaying;
  };
  const timer = setInterval(() => {
    if (!stopped && !relaying)
      relay().catch((error: unknown) =>
        log(`triggers: relay failed: ${(error as Error).message.split("\n")[0]}`),
      );
  }, options.relayEveryMs ?? 200);

  let absence: Promise<unknown> | null = null;
  const evaluateAbsence = () => {
    absence ??= evaluateAbsenceTriggers(db)
      .then(() => relay())
      .catch((error: unknown) =>
        log(`triggers: absence evaluation failed: ${(error as Error).message.split("\n")[0]}`),
      )
      .finally(() => {
        absence = null;
      });
    return absence;
  };
  const absenceTimer = setInterval(() => {
    if (!stopped) void evaluateAbsence();
  }, options.absenceEveryMs ?? 60_000);

  return {
    relay,
    evaluateAbsence: async () => {
      await evaluateAbsence();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(absenceTimer);
      await absence;
      await relaying?.catch(() => undefined);
      await boss.stop({ graceful: true, timeout: 5000 });
      const nc = await natsConnection?.catch(() => null);
      await nc?.drain().catch(() => undefined);
    },
  };
}
