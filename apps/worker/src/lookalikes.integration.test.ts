// Issue 20, item 6, through the JetStream worker: look-alikes (names, emails and phones that differ only in digits)
// posted to the record stream of a database that already has a trained model are resolved on arrival into as many
// profiles as people, and real time, the engine and a full run afterwards agree. Against the real NATS server on
// 127.0.0.1:4222 and a fresh test database (PGlite, or PostgreSQL with DATABASE_URL).
import { randomBytes } from "node:crypto";
import { systemActor } from "@c360/core/actor";
import { importRecords } from "@c360/core/ingest/import-records";
import { rowItems } from "@c360/core/ingest/read-rows";
import {
  canonicalClusters,
  enginePartition,
  mixedClusters,
  partitionOf,
  storedPartition,
} from "@c360/core/resolution/compare-partitions";
import { resolveFull } from "@c360/core/resolution/resolve-full";
import { settleRealtimeResolution } from "@c360/core/resolution/resolve-on-arrival";
import { ensureSource } from "@c360/core/sources/manage-sources";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { generateCustomers, generateLookalikes } from "@c360/matching";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRecordStream, ensureRecordStream } from "./record-stream";

const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const actor = systemActor("test:stream");

describe("look-alikes through the record stream", () => {
  let handle: TestDatabase;
  let nc: NatsConnection;
  const run = randomBytes(4).toString("hex");
  const names = {
    stream: `C360_TEST_LOOK_${run}`,
    subjectPrefix: `c360test.${run}.look`,
    durable: `look-${run}`,
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    nc = await connect({ servers: natsUrl, name: `c360-test-look-${run}` });
    await ensureRecordStream(nc, names, 1000);
    // A database that already has a trained model, trained on other customers.
    const background = generateCustomers({ persons: 250, seed: 11 }).records;
    for (const name of new Set(background.map((r) => r.source))) {
      const { source } = await ensureSource(handle.db, actor, {
        name,
        kind: "other",
        fieldMapping: {},
        attributeTrust: {},
      });
      const rows = background.filter((r) => r.source === name) as unknown as Record<string, unknown>[];
      await importRecords(handle.db, { source, rows: rowItems(rows), origin: "api", actor, resolve: null });
    }
    await resolveFull(handle.db, { actor });
  });
  afterAll(async () => {
    if (nc) {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(names.stream).catch(() => {});
      await nc.drain();
    }
    await handle?.destroy();
  });

  it.each([
    { label: "50 people x 4 records, as in the issue", persons: 50, recordsPerPerson: 4, stem: "stream" },
    {
      label: "25 x 6, seed 5, two sources",
      persons: 25,
      recordsPerPerson: 6,
      seed: 5,
      stem: "relay",
      sources: ["relay_crm", "relay_web"],
    },
  ])("$label", async ({ label: _label, ...options }) => {
    const data = generateLookalikes(options);
    const sources = [...new Set(data.records.map((r) => r.source))];
    for (const name of sources)
      await ensureSource(handle.db, actor, { name, kind: "other", fieldMapping: {}, attributeTrust: {} });
    const js = nc.jetstream();
    for (const record of data.records)
      await js.publish(`${names.subjectPrefix}.${record.source}`, JSON.stringify(record));
    // The worker's consumer, resolving each chunk on arrival (the default resolver: real time).
    await consumeRecordStream(handle.db, nc, {
      ...names,
      chunkSize: 50,
      fetchWaitMs: 1000,
      stopWhenIdle: true,
      importer: { actor },
    });
    await settleRealtimeResolution(handle.db);

    const truth = partitionOf(data.records.map((r, i) => [r.source, r.record_id, data.personIds[i]!]));
    const realtime = await storedPartition(handle.db, sources);
    expect(realtime.size).toBe(data.records.length);
    expect(mixedClusters(realtime, truth)).toEqual([]);
    const engine = (await enginePartition(handle.db, sources))!;
    await resolveFull(handle.db, { actor });
    const full = await storedPartition(handle.db, sources);
    expect(canonicalClusters(realtime)).toEqual(canonicalClusters(truth));
    expect(canonicalClusters(engine)).toEqual(canonicalClusters(truth));
    expect(canonicalClusters(full)).toEqual(canonicalClusters(truth));
  });
});
