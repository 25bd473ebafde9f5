// Against the real NATS server (JetStream) on 127.0.0.1:4222 and a fresh test database: at-least-once delivery,
// redeliveries after a crash before the ack, and duplicates from the producer all end in one version per record.
import { randomBytes } from "node:crypto";
import { systemActor } from "@c360/core/actor";
import { createSource } from "@c360/core/sources/manage-sources";
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRecordStream, ensureRecordStream } from "./record-stream";

const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const actor = systemActor("test:stream");

describe("record stream consumer", () => {
  let handle: TestDatabase;
  let nc: NatsConnection;
  // Unique names per run: runs on the same server never see each other's messages.
  const run = randomBytes(4).toString("hex");
  const names = {
    stream: `C360_TEST_${run}`,
    subjectPrefix: `c360test.${run}.records`,
    durable: `ingest-${run}`,
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    nc = await connect({ servers: natsUrl, name: `c360-test-${run}` });
    await ensureRecordStream(nc, names, 1000);
    await createSource(handle.db, systemActor(), {
      name: "shop",
      kind: "ecommerce",
      fieldMapping: { customer_id: "record_id" },
    });
  });
  afterAll(async () => {
    if (nc) {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(names.stream).catch(() => {});
      await nc.drain();
    }
    await handle?.destroy();
  });

  it("stores every record once despite producer duplicates and redelivery after a crash before the ack", async () => {
    const js = nc.jetstream();
    const subject = `${names.subjectPrefix}.shop`;
    const record = (i: number) =>
      JSON.stringify({ customer_id: `c${i}`, first_name: `Name${i}`, email: `c${i}@example.com` });
    for (let i = 0; i < 300; i++) await js.publish(subject, record(i));
    // The producer retried the first 20 (at-least-once on its side too), plus one bad message and one unknown source.
    for (let i = 0; i < 20; i++) await js.publish(subject, record(i));
    await js.publish(subject, "{not json");
    await js.publish(`${names.subjectPrefix}.nowhere`, record(1));

    // First consumer: commits its first chunk, then dies before acknowledging it.
    let crashedChunk = 0;
    await expect(
      consumeRecordStream(handle.db, nc, {
        ...names,
        chunkSize: 100,
        fetchWaitMs: 1000,
        importer: { actor, resolve: null },
        beforeAck: (messages) => {
          crashedChunk = messages;
          throw new Error("crash before ack");
        },
      }),
    ).rejects.toThrow("crash before ack");

    // A new consumer gets the unacknowledged chunk again (after the ack wait) and everything else.
    const stats = await consumeRecordStream(handle.db, nc, {
      ...names,
      chunkSize: 100,
      fetchWaitMs: 1000,
      stopWhenIdle: true,
      importer: { actor, resolve: null },
    });
    expect(stats.unknownSource).toBe(1);

    const [counts] = await queryRows<{
      records: number;
      versions: number;
      accepted: number;
      unchanged: number;
      rejected: number;
    }>(
      handle.db,
      sql`select (select count(*)::int from source_records) as records,
                 (select count(*)::int from source_record_versions) as versions,
                 (select sum(rows_accepted)::int from import_batches) as accepted,
                 (select sum(rows_unchanged)::int from import_batches) as unchanged,
                 (select sum(rows_rejected)::int from import_batches) as rejected`,
    );
    expect(counts).toMatchObject({ records: 300, versions: 300, accepted: 300, rejected: 1 });
    // The 20 producer duplicates, plus the redelivered chunk stored a second time as unchanged.
    expect(crashedChunk).toBeGreaterThan(0);
    expect(counts!.unchanged).toBeGreaterThanOrEqual(20 + crashedChunk);
    const info = await (await nc.jetstreamManager()).consumers.info(names.stream, names.durable);
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });
});
