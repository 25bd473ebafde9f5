// Triggers end to end on the test database (PGlite, or PostgreSQL with DATABASE_URL): events stored through
// ingestEvents fire outbox rows in their transaction; the pg-boss runner delivers them to a real HTTP receiver on
// loopback, signed, with the delivery id; consent is checked when fired and again when sent; retries reach a
// receiver that was down; dead letters replay.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { recordConsentEvent } from "../consent/record-consent-event";
import { createEventSource, placeRecord } from "../events/events-fixture.testing";
import { ingestEvents, type EventSource } from "../events/ingest-events";
import { applyTriggers } from "./apply-triggers";
import { dryRunTrigger } from "./dry-run-trigger";
import { getTrigger, listTriggers } from "./list-triggers";
import { listTriggerDeliveries } from "./list-trigger-deliveries";
import { setTriggerEnabled } from "./set-trigger-enabled";
import { replayDeliveries } from "./replay-deliveries";
import { verifyWebhookSignature } from "./sign-webhook";
import { startTriggerDelivery, type TriggerDeliveryRunner } from "./trigger-delivery-runner";
import { startTestReceiver, waitFor, type TestReceiver } from "./triggers-fixture.testing";

const actor = systemActor("test");
const policy = { allowedHosts: ["127.0.0.1"] };
let db: TestDatabase;
let source: EventSource;
let receiver: TestReceiver;
let runner: TriggerDeliveryRunner | null = null;
let secret: string;
let counter = 0;

async function person(consent: "given" | "none"): Promise<{ userId: string; profileId: string }> {
  const userId = `u${++counter}`;
  const placed = await placeRecord(db.db, source.id, userId, { email: `${userId}@example.com` });
  if (consent === "given")
    await recordConsentEvent(db.db, actor, {
      subject: { profileId: placed.profileId! },
      purpose: "marketing.email",
      status: "given",
      method: "web_form",
    });
  return { userId, profileId: placed.profileId! };
}

async function withdraw(profileId: string) {
  await recordConsentEvent(db.db, actor, {
    subject: { profileId },
    purpose: "marketing.email",
    status: "withdrawn",
    method: "web_form",
  });
}

const order = (userId: string, revenue: number) => ({
  type: "track",
  event: "Order Completed",
  userId,
  messageId: `m${++counter}`,
  timestamp: new Date().toISOString(),
  properties: { revenue, currency: "EUR" },
});

async function deliveries(): Promise<
  { id: string; profile_id: string; status: string; skip_reason: string | null; attempts: number }[]
> {
  return queryRows(
    db.db,
    sql`select id, profile_id, status::text, skip_reason::text, attempts from trigger_deliveries order by created_at`,
  );
}

function startRunner() {
  return startTriggerDelivery({
    db: db.db,
    driver: db.driver,
    connectionString: db.url,
    policy,
    relayEveryMs: 100,
    log: () => {},
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureStandardPurposes(db.db, actor);
  source = await createEventSource(db.db, "shop");
  receiver = await startTestReceiver();
  const [applied] = await applyTriggers(
    db.db,
    actor,
    {
      triggers: [
        {
          key: "big-order",
          name: "Big order",
          condition: {
            kind: "event",
            event: "Order Completed",
            where: [{ property: "revenue", op: "gt", value: 200 }],
          },
          action: { kind: "webhook", url: receiver.url("/big-order") },
          consent: { purpose: "marketing.email" },
          cap: { max: 2, perHours: 24 },
        },
      ],
    },
    { policy },
  );
  secret = applied!.secret!;
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await receiver?.close();
  await db?.destroy();
});

describe("triggers", () => {
  it("writes outbox rows in the ingest transaction: pending with consent, skipped without, capped past the cap", async () => {
    const ada = await person("given");
    const bob = await person("none");
    await ingestEvents(
      db.db,
      source,
      [order(ada.userId, 250), order(ada.userId, 150), order(bob.userId, 300)],
      actor,
    );
    // A second call: the cap (2 a day) counts what earlier calls fired.
    await ingestEvents(db.db, source, [order(ada.userId, 260), order(ada.userId, 270)], actor);
    const rows = await deliveries();
    expect(rows.filter((r) => r.profile_id === ada.profileId).map((r) => [r.status, r.skip_reason])).toEqual([
      ["pending", null],
      ["pending", null],
      ["skipped", "capped"],
    ]);
    expect(rows.filter((r) => r.profile_id === bob.profileId).map((r) => [r.status, r.skip_reason])).toEqual([
      ["skipped", "no_consent"],
    ]);
    // A rolled-back ingest leaves no outbox row.
    const before = rows.length;
    await expect(
      ingestEvents(db.db, source, [order(ada.userId, 999)], actor, {
        beforeCommit: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    expect((await deliveries()).length).toBe(before);
  });

  it("delivers signed webhooks with the delivery id, and none to a person whose withdrawal committed before dispatch", async () => {
    const people: { userId: string; profileId: string }[] = [];
    for (let i = 0; i < 10; i++) people.push(await person("given"));
    await ingestEvents(
      db.db,
      source,
      people.map((p) => order(p.userId, 500)),
      actor,
    );
    const withdrawn = people.slice(0, 5);
    for (const p of withdrawn) await withdraw(p.profileId);
    // The withdrawals are committed; only now does delivery start.
    runner = await startRunner();
    const settled = await waitFor(async () => {
      const rows = await deliveries();
      return rows.every((r) => r.status === "delivered" || r.status === "skipped") ? rows : null;
    }, 60_000);
    const withdrawnIds = new Set(withdrawn.map((p) => p.profileId));
    const forWithdrawn = settled.filter((r) => withdrawnIds.has(r.profile_id));
    expect(forWithdrawn.map((r) => [r.status, r.skip_reason])).toEqual(
      withdrawn.map(() => ["skipped", "no_consent"]),
    );
    expect(receiver.received.filter((w) => withdrawnIds.has(w.json.profileId as string))).toEqual([]);
    const delivered = settled.filter((r) => r.status === "delivered");
    expect(delivered).toHaveLength(2 + 5);
    expect(receiver.received).toHaveLength(delivered.length);
    for (const w of receiver.received) {
      expect(w.path).toBe("/big-order");
      expect(verifyWebhookSignature(secret, w.body, w.headers["c360-signature"] as string)).toBe(true);
      expect(verifyWebhookSignature("whsec_wrong", w.body, w.headers["c360-signature"] as string)).toBe(
        false,
      );
      expect(w.headers["idempotency-key"]).toBe(w.json.id);
      expect(w.json).toMatchObject({
        trigger: { key: "big-order", version: 1 },
        event: { event: "Order Completed" },
      });
    }
    expect(new Set(receiver.received.map((w) => w.json.id)).size).toBe(receiver.received.length);
    const [latency] = await queryRows<{ missing: number }>(
      db.db,
      sql`select count(*)::int as missing from trigger_deliveries where status = 'delivered' and (latency_ms is null or delivered_at is null)`,
    );
    expect(latency!.missing).toBe(0);
  }, 90_000);

  it("delivers nothing to anyone whose withdrawal committed at least 100 ms before the attempt (a live race)", async () => {
    runner ??= await startRunner();
    const people: { userId: string; profileId: string }[] = [];
    for (let i = 0; i < 20; i++) people.push(await person("given"));
    await ingestEvents(
      db.db,
      source,
      people.map((p) => order(p.userId, 500)),
      actor,
    );
    // Withdrawals land while the runner is picking the deliveries up: some before their attempt, some after.
    const committedBy = new Map<string, number>();
    for (const p of people) {
      await withdraw(p.profileId);
      const [now] = await queryRows<{ ms: number }>(
        db.db,
        sql`select extract(epoch from clock_timestamp()) * 1000 as ms`,
      );
      committedBy.set(p.profileId, Number(now!.ms));
    }
    const ids = new Set(people.map((p) => p.profileId));
    const settled = await waitFor(async () => {
      const rows = await queryRows<{ profile_id: string; status: string; claimed_ms: number }>(
        db.db,
        sql`select profile_id, status::text, extract(epoch from last_attempt_at) * 1000 as claimed_ms
            from trigger_deliveries where profile_id in (select jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb)::uuid)`,
      );
      return rows.length === people.length &&
        rows.every((r) => r.status === "delivered" || r.status === "skipped")
        ? rows
        : null;
    }, 60_000);
    // The clock read after each withdrawal is at or after its commit: a delivery attempted 100 ms after it is a
    // delivery after a withdrawal committed at least 100 ms before.
    const violations = settled.filter(
      (r) => r.status === "delivered" && committedBy.get(r.profile_id)! + 100 <= Number(r.claimed_ms),
    );
    expect(violations).toEqual([]);
    const skippedAtSend = settled.filter((r) => r.status === "skipped").length;
    expect(receiver.received.filter((w) => ids.has(w.json.profileId as string))).toHaveLength(
      people.length - skippedAtSend,
    );
  }, 90_000);

  it("retries while the receiver is down and delivers each delivery id once when it is back", async () => {
    const people: { userId: string; profileId: string }[] = [];
    for (let i = 0; i < 5; i++) people.push(await person("given"));
    runner ??= await startRunner();
    const already = receiver.received.length;
    await receiver.down();
    await ingestEvents(
      db.db,
      source,
      people.map((p) => order(p.userId, 500)),
      actor,
    );
    const ids = new Set(
      (await deliveries()).filter((r) => people.some((p) => p.profileId === r.profile_id)).map((r) => r.id),
    );
    await waitFor(async () => {
      const rows = (await deliveries()).filter((r) => ids.has(r.id));
      return rows.every((r) => r.attempts >= 2 && r.status === "retrying") ? rows : null;
    }, 60_000);
    await receiver.up();
    await waitFor(async () => {
      const rows = (await deliveries()).filter((r) => ids.has(r.id));
      return rows.every((r) => r.status === "delivered") ? rows : null;
    }, 60_000);
    const arrived = receiver.received.slice(already).map((w) => w.json.id as string);
    expect(arrived.sort()).toEqual([...ids].sort());
  }, 150_000);

  it("turns a delivery past its deadline into a dead letter, and a replay delivers it", async () => {
    runner ??= await startRunner();
    const p = await person("given");
    receiver.status = 503;
    await ingestEvents(db.db, source, [order(p.userId, 900)], actor);
    // Its 24 hours, shortened: the next failure finds the deadline passed.
    await db.db.execute(
      sql`update trigger_deliveries set deadline_at = now() + interval '1 second' where profile_id = ${p.profileId}::uuid`,
    );
    const [row] = (await deliveries()).filter((r) => r.profile_id === p.profileId);
    await waitFor(
      async () => (await deliveries()).find((r) => r.id === row!.id && r.status === "dead"),
      60_000,
    );
    const [dead] = await queryRows<{ last_error: string }>(
      db.db,
      sql`select last_error from trigger_deliveries where id = ${row!.id}::uuid`,
    );
    expect(dead!.last_error).toBe("answered HTTP 503");
    receiver.status = 200;
    expect(await replayDeliveries(db.db, actor, { deliveryIds: [row!.id] })).toEqual({ replayed: 1 });
    await waitFor(
      async () => (await deliveries()).find((r) => r.id === row!.id && r.status === "delivered"),
      60_000,
    );
    expect(receiver.received.filter((w) => w.json.id === row!.id)).toHaveLength(1);
  }, 120_000);

  it("counts per trigger, lists deliveries, dry-runs a definition and keeps every version", async () => {
    const [summary] = await listTriggers(db.db, actor);
    const all = await deliveries();
    expect(summary!.stats).toMatchObject({
      fired: all.length,
      skippedNoConsent: all.filter((r) => r.skip_reason === "no_consent").length,
      skippedCapped: all.filter((r) => r.skip_reason === "capped").length,
      delivered: all.filter((r) => r.status === "delivered").length,
    });
    expect(summary!.stats.latencyP50Ms).not.toBeNull();
    expect(JSON.stringify(summary)).not.toContain("whsec_");
    const detail = await getTrigger(db.db, actor, { key: "big-order" });
    expect(detail.days.reduce((n, d) => n + d.fired, 0)).toBe(all.length);
    const dead = await listTriggerDeliveries(db.db, actor, { key: "big-order", status: "skipped" });
    expect(dead.every((d) => d.status === "skipped")).toBe(true);

    // Orders over 200 by people who still consent, capped at 2 a day each.
    const dry = await dryRunTrigger(db.db, actor, {
      definition: {
        key: "big-order",
        name: "Big order",
        condition: {
          kind: "event",
          event: "Order Completed",
          where: [{ property: "revenue", op: "gt", value: 200 }],
        },
        action: { kind: "webhook", url: receiver.url() },
        consent: { purpose: "marketing.email" },
        cap: { max: 2, perHours: 24 },
      },
    });
    const consenting = await queryRows<{ n: number }>(
      db.db,
      // People with a big order who consent now (the race above withdrew some after their delivery).
      sql`select count(distinct d.profile_id)::int as n from trigger_deliveries d
          join triggers t on t.id = d.trigger_id and t.key = 'big-order'
          where exists (select 1 from consent_state cs join consent_purposes p on p.id = cs.purpose_id
            where cs.profile_id = d.profile_id and p.key = 'marketing.email' and cs.status = 'given')`,
    );
    expect(dry.profiles).toBe(consenting[0]!.n);
    expect(dry.skippedCapped).toBe(1);
    expect(dry.wouldFire).toBe(consenting[0]!.n + 1);
    expect(dry.skippedNoConsent).toBeGreaterThanOrEqual(6);

    const off = await setTriggerEnabled(db.db, actor, { key: "big-order", enabled: false });
    expect(off).toMatchObject({ version: 2, changed: true });
    const before = (await deliveries()).length;
    const p = await person("given");
    await ingestEvents(db.db, source, [order(p.userId, 999)], actor);
    expect((await deliveries()).length).toBe(before);
    expect((await getTrigger(db.db, actor, { key: "big-order" })).versions.map((v) => v.version)).toEqual([
      2, 1,
    ]);
  });

  it("fires an absence trigger once per lapse, on its schedule, under the same consent rule", async () => {
    runner ??= await startRunner();
    await applyTriggers(
      db.db,
      actor,
      {
        triggers: [
          {
            key: "lapsed",
            name: "Lapsed customer",
            condition: { kind: "absence", event: "Order Completed", days: 30 },
            action: { kind: "webhook", url: receiver.url("/lapsed") },
            consent: { purpose: "marketing.email" },
          },
        ],
      },
      { policy },
    );
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const lapsed = await person("given");
    const recent = await person("given");
    const silent = await person("none");
    await ingestEvents(
      db.db,
      source,
      [
        { ...order(lapsed.userId, 10), timestamp: daysAgo(33) },
        { ...order(recent.userId, 10), timestamp: daysAgo(33) },
        { ...order(recent.userId, 10), timestamp: daysAgo(5) },
        { ...order(silent.userId, 10), timestamp: daysAgo(40) },
      ],
      actor,
    );
    const lapsedRows = () =>
      queryRows<{ profile_id: string; status: string; skip_reason: string | null }>(
        db.db,
        sql`select d.profile_id, d.status::text, d.skip_reason::text from trigger_deliveries d
            join triggers t on t.id = d.trigger_id where t.key = 'lapsed'
              and d.profile_id in (${sql.join(
                [lapsed, recent, silent].map((p) => sql`${p.profileId}::uuid`),
                sql`, `,
              )})`,
      );
    await runner.evaluateAbsence();
    const rows = await waitFor(async () => {
      const r = await lapsedRows();
      return r.length === 2 && r.every((x) => x.status === "delivered" || x.status === "skipped") ? r : null;
    });
    expect(rows.map((r) => [r.profile_id, r.status, r.skip_reason]).sort()).toEqual(
      [
        [lapsed.profileId, "delivered", null],
        [silent.profileId, "skipped", "no_consent"],
      ].sort(),
    );
    const hook = receiver.received.find((w) => w.path === "/lapsed" && w.json.profileId === lapsed.profileId);
    expect(hook!.json).toMatchObject({
      trigger: { key: "lapsed" },
      absence: { event: "Order Completed", days: 30 },
    });
    // Evaluated again: the same lapse does not fire twice.
    await runner.evaluateAbsence();
    expect(await lapsedRows()).toHaveLength(2);

    const dry = await dryRunTrigger(db.db, actor, {
      definition: {
        key: "lapsed",
        name: "Lapsed customer",
        condition: { kind: "absence", event: "Order Completed", days: 30 },
        action: { kind: "webhook", url: receiver.url("/lapsed") },
        consent: { purpose: "marketing.email" },
      },
    });
    // Lapsed within the last 7 days: the one 33 days ago (the silent one lapsed 10 days ago, the recent one has not).
    expect(dry).toMatchObject({
      wouldFire: 1,
      profiles: 1,
      sampleProfiles: [{ profileId: lapsed.profileId }],
    });
  }, 90_000);
});
