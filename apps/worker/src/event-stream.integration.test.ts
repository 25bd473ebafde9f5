// Against the real NATS server (JetStream) on 127.0.0.1:4222 and a fresh test database: events published to
// c360.events.<source> are stored once each despite producer duplicates and a crash after commit before the ack,
// attributed as they arrive (an identify moves the earlier anonymous events).
import { randomBytes } from "node:crypto";
import { systemActor } from "@c360/core/actor";
import { createSource } from "@c360/core/sources/manage-sources";
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeEventStream } from "./event-stream";
import { ensureRecordStream } from "./record-stream";

const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const actor = systemActor("test:events");

describe("event stream consumer", () => {
  let handle: TestDatabase;
  let nc: NatsConnection;
  const run = randomBytes(4).toString("hex");
  const names = {
    stream: `C360_TEST_EV_${run}`,
    subjectPrefix: `c360test.${run}.events`,
    durable: `events-${run}`,
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    nc = await connect({ servers: natsUrl, name: `c360-test-${run}` });
    await ensureRecordStream(nc, names, 1000);
    const web = await createSource(handle.db, systemActor(), { name: "web", kind: "web" });
    // The person the identify names: a record of the web source with profile.
    await handle.db.execute(sql`with p as (insert into profiles default values returning id)
      insert into source_records (source_id, external_id, content_hash, raw, profile_id) select ${web.id}::uuid, 'user-7', 'h', '{}'::jsonb, id from p`);
  });
  afterAll(async () => {
    if (nc) {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(names.stream).catch(() => {});
      await nc.drain();
    }
    await handle?.destroy();
  });

  it("stores every event once despite producer duplicates and redelivery after a crash before the ack", async () => {
    const js = nc.jetstream();
    const subject = `${names.subjectPrefix}.web`;
    const page = (i: number) =>
      JSON.stringify({
        type: "page",
        messageId: `p${i}`,
        anonymousId: "anon-7",
        name: "Home",
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      });
    for (let i = 0; i < 200; i++) await js.publish(subject, page(i));
    for (let i = 0; i < 20; i++) await js.publish(subject, page(i));
    await js.publish(
      subject,
      JSON.stringify({
        batch: [
          {
            type: "identify",
            messageId: "id-7",
            anonymousId: "anon-7",
            userId: "user-7",
            timestamp: "2026-01-02T00:00:00Z",
          },
          { type: "oops", messageId: "bad-1" },
        ],
      }),
    );
    await js.publish(subject, "{not json");
    await js.publish(`${names.subjectPrefix}.nowhere`, page(1));

    let crashed = 0;
    await expect(
      consumeEventStream(handle.db, nc, {
        ...names,
        actor,
        chunkSize: 50,
        fetchWaitMs: 1000,
        beforeAck: (messages) => {
          crashed = messages;
          throw new Error("crash before ack");
        },
      }),
    ).rejects.toThrow("crash before ack");
    expect(crashed).toBeGreaterThan(0);

    const stats = await consumeEventStream(handle.db, nc, {
      ...names,
      actor,
      chunkSize: 50,
      fetchWaitMs: 1000,
      stopWhenIdle: true,
    });
    expect(stats.unknownSource).toBe(1);
    const [state] = await queryRows<{ events: number; distinct_ids: number; on_profile: number }>(
      handle.db,
      sql`select count(*)::int as events, count(distinct external_id)::int as distinct_ids,
            count(*) filter (where profile_id is not null)::int as on_profile from interactions`,
    );
    // 200 page views and the identify, each once; the identify moved every earlier page view to the person.
    expect(state).toEqual({ events: 201, distinct_ids: 201, on_profile: 201 });
  }, 120_000);
});
