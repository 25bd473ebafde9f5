// The c360 worker: long-running jobs — trigger delivery (decision 2201), the JetStream consumer of source records, scheduled resolution (the sweep of
// unresolved records and the full batch run), the scheduled quality runs, churn model retraining and the resumption of pending erasures.
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import { systemActor } from "@c360/core/actor";
import { prepareRealtimeResolution } from "@c360/core/resolution/resolve-on-arrival";
import { startTriggerDelivery } from "@c360/core/triggers/trigger-delivery-runner";
import { openDatabase } from "@c360/db/client";
import { readDatabaseEnv } from "@c360/db/env";
import { connect } from "nats";
import { readWorkerEnv } from "./env";
import { startCatalogSchedule } from "./catalog-schedule";
import { startPredictionSchedule } from "./prediction-schedule";
import { startPrivacySchedule } from "./privacy-schedule";
import { startQualitySchedule } from "./quality-schedule";
import { startResolutionSchedule } from "./resolution-schedule";
import { consumeEventStream } from "./event-stream";
import { consumeRecordStream, ensureRecordStream } from "./record-stream";

async function main(): Promise<void> {
  const env = readWorkerEnv();
  const handle = await openDatabase();
  const nc = await connect({ servers: env.NATS_URL, name: "c360-worker" });
  const names = {
    stream: env.C360_RECORDS_STREAM,
    subjectPrefix: env.C360_RECORDS_SUBJECT_PREFIX,
    durable: env.C360_RECORDS_CONSUMER,
  };
  await ensureRecordStream(nc, names);
  const eventNames = {
    stream: env.C360_EVENTS_STREAM,
    subjectPrefix: env.C360_EVENTS_SUBJECT_PREFIX,
    durable: env.C360_EVENTS_CONSUMER,
  };
  await ensureRecordStream(nc, eventNames);
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
  console.log(
    `c360 worker: consuming ${names.subjectPrefix}.<source> from stream ${names.stream} and ${eventNames.subjectPrefix}.<source> from ${eventNames.stream} into ${handle.driver} (${handle.location})`,
  );
  const quality = startQualitySchedule(handle.db, { everyMinutes: env.C360_QUALITY_EVERY_MINUTES });
  const privacy = startPrivacySchedule(handle.db);
  const predictions = startPredictionSchedule(handle.db, {
    everyMinutes: env.C360_PREDICT_CHECK_MINUTES,
    maxAgeDays: env.C360_PREDICT_RETRAIN_DAYS,
  });
  const catalog = startCatalogSchedule(handle.db, { everyMinutes: env.C360_CATALOG_SYNC_MINUTES });
  const resolution = startResolutionSchedule(handle.db, {
    pendingSeconds: env.C360_RESOLVE_PENDING_SECONDS,
    fullEveryMinutes: env.C360_RESOLVE_FULL_EVERY_MINUTES,
  });
  // Triggers' webhooks: the outbox relay and the pg-boss workers (the portal may deliver too; each attempt is claimed
  // by one process).
  const triggers =
    env.C360_TRIGGER_DELIVERY === "on"
      ? await startTriggerDelivery({
          db: handle.db,
          driver: handle.driver,
          connectionString: readDatabaseEnv().DATABASE_URL ?? null,
          natsUrl: env.NATS_URL,
          log: (line) => console.warn(`c360 worker: ${line}`),
        })
      : null;
  // The resident index of real-time resolution loads while the consumer starts; arrivals that come first wait for it.
  if (env.C360_RESOLVE_ON_ARRIVAL !== "off") {
    const started = performance.now();
    prepareRealtimeResolution(handle.db).then(
      (loaded) =>
        console.log(
          loaded
            ? `c360 worker: real-time index holds ${loaded.records} records (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)`
            : "c360 worker: no match model yet; real-time resolution starts after the first full run",
        ),
      (error: unknown) =>
        console.warn(`c360 worker: real-time index not loaded yet: ${describeErrorBriefly(error)}`),
    );
  }
  // Behavioural events beside the records: same loop, their own stream and consumer (decision 0901).
  const events = consumeEventStream(handle.db, nc, {
    ...eventNames,
    chunkSize: env.C360_EVENTS_CHUNK,
    signal: stop.signal,
    actor: systemActor("worker:events"),
    log: (line) => console.warn(line),
  }).then(
    (stats) =>
      console.log(
        `c360 worker: event stream stopped after ${stats.messages} messages (${stats.stored} stored, ${stats.unchanged} duplicate, ${stats.rejected} rejected)`,
      ),
    (error: unknown) => {
      console.error(`c360 worker: event stream failed: ${describeErrorBriefly(error)}`);
      stop.abort();
    },
  );
  try {
    const stats = await consumeRecordStream(handle.db, nc, {
      ...names,
      chunkSize: env.C360_RECORDS_CHUNK,
      signal: stop.signal,
      importer: {
        actor: systemActor("worker:stream"),
        ...(env.C360_RESOLVE_ON_ARRIVAL === "off" ? { resolve: null } : {}),
      },
      log: (line) => console.warn(line),
    });
    console.log(
      `c360 worker: stopped after ${stats.messages} messages (${stats.stored} stored, ${stats.unchanged} unchanged, ${stats.rejected} rejected)`,
    );
  } finally {
    stop.abort();
    await events;
    await quality.stop();
    await privacy.stop();
    await predictions.stop();
    await catalog.stop();
    await resolution.stop();
    await triggers?.stop();
    await nc.drain();
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`c360 worker: ${describeErrorBriefly(error)}`);
  process.exit(1);
});
