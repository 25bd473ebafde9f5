// Profile-change triggers on the test database (PGlite, or PostgreSQL with DATABASE_URL), decision 2201: a consent
// given or withdrawn, a steward's merge and a changed golden value each write their outbox row in the transaction
// of the change (a rolled-back change writes none), and the pg-boss runner delivers them to a real HTTP receiver.
// The NATS action publishes to the real JetStream server on 127.0.0.1:4222.
import { inTransaction, queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { connect, type NatsConnection, RetentionPolicy } from "nats";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../actor";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { recordConsentEvent } from "../consent/record-consent-event";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { setStewardOverride } from "../profiles/set-steward-override";
import { refreshQueuedGolden } from "../resolution/golden-refresh-queue";
import { mergeProfiles, mergeProfilesInTransaction } from "../stewardship/merge-profiles";
import {
  createProfile,
  createRecord,
  createSource,
  stewardActor,
} from "../stewardship/stewardship-fixtures.testing";
import { applyTriggers } from "./apply-triggers";
import { dryRunTrigger } from "./dry-run-trigger";
import { getTrigger } from "./list-triggers";
import { startTriggerDelivery, type TriggerDeliveryRunner } from "./trigger-delivery-runner";
import type { TriggerDefinitionInput } from "./trigger-schemas";
import { startTestReceiver, waitFor, type TestReceiver } from "./triggers-fixture.testing";

const system = systemActor("test");
const policy = { allowedHosts: ["127.0.0.1"] };
const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const run = randomUUID().slice(0, 8);
const stream = `C360_TEST_TRIGGERS_${run}`;
const subject = `c360.test.triggers.${run}.changes`;
let db: TestDatabase;
let steward: Actor;
let crm: string;
let receiver: TestReceiver;
let runner: TriggerDeliveryRunner | null = null;
let nc: NatsConnection;

interface Row extends Record<string, unknown> {
  id: string;
  key: string;
  profile_id: string;
  status: string;
  skip_reason: string | null;
  payload: Record<string, unknown>;
}

async function firings(key: string): Promise<Row[]> {
  const rows = await queryRows<Row>(
    db.db,
    sql`select d.id, t.key, d.profile_id, d.status::text as status, d.skip_reason::text as skip_reason, d.payload
        from trigger_deliveries d join triggers t on t.id = d.trigger_id where t.key = ${key}
        order by d.created_at, d.id`,
  );
  return rows.map((r) => ({
    ...r,
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  }));
}

async function consent(
  profileId: string,
  purpose: string,
  status: "given" | "withdrawn" | "refused",
  origin = "test",
) {
  return recordConsentEvent(db.db, system, {
    subject: { profileId },
    purpose,
    status,
    method: "web_form",
    origin,
  });
}

/** Profiles the delivery test looks for. */
const watched: { cleo?: string; survivor?: string } = {};
let people = 0;
async function person(fields: Record<string, string> = {}): Promise<string> {
  const n = ++people;
  const record = await createRecord(db.db, crm, {
    first_name: `Person${n}`,
    last_name: "Tester",
    email: `p${n}-${run}@example.com`,
    ...fields,
  });
  return createProfile(db.db, [record], new Date(Date.now() - 3_600_000));
}

const webhook = (path: string) => ({ kind: "webhook" as const, url: receiver.url(path) });

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureStandardPurposes(db.db, system);
  steward = await stewardActor(db.db);
  crm = await createSource(db.db, "crm");
  receiver = await startTestReceiver();
  nc = await connect({ servers: natsUrl, name: `c360-test-triggers-${run}` });
  await (
    await nc.jetstreamManager()
  ).streams.add({
    name: stream,
    subjects: [`c360.test.triggers.${run}.>`],
    retention: RetentionPolicy.Limits,
    duplicate_window: 60_000_000_000,
  });
  const definitions: TriggerDefinitionInput[] = [
    {
      key: "email-opt-in",
      name: "Welcome a new subscriber",
      condition: { kind: "consent", purpose: "marketing.email", change: "given" },
      action: webhook("/opt-in"),
      consent: { purpose: "marketing.email" },
    },
    {
      key: "email-opt-out",
      name: "Tell the CRM about an opt-out",
      condition: { kind: "consent", purpose: "marketing.email", change: "withdrawn" },
      action: { kind: "nats", subject },
      consent: { purpose: "analytics.profiling" },
    },
    {
      key: "merged",
      name: "Profiles merged",
      condition: { kind: "merge" },
      action: webhook("/merged"),
      consent: { purpose: "analytics.profiling" },
    },
    {
      key: "moved",
      name: "Email or city changed",
      condition: { kind: "attribute", attributes: ["email", "city"] },
      action: webhook("/moved"),
      consent: { purpose: "analytics.profiling" },
    },
  ];
  await applyTriggers(db.db, system, { triggers: definitions }, { policy });
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await receiver?.close();
  if (nc) {
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc.drain();
  }
  await db?.destroy();
});

describe("profile-change triggers", () => {
  it("rejects a profile-change condition that names an unknown purpose or attribute, by its field", async () => {
    await expect(
      applyTriggers(
        db.db,
        system,
        {
          triggers: [
            {
              key: "bad",
              name: "Bad",
              condition: { kind: "attribute", attributes: ["shoe_size"] },
              action: webhook("/x"),
              consent: { purpose: "analytics.profiling" },
            },
          ],
        },
        { policy },
      ),
    ).rejects.toThrow(/triggers\.0\.condition\.attributes\.0: shoe_size is not a golden attribute/);
    await expect(
      applyTriggers(
        db.db,
        system,
        {
          triggers: [
            {
              key: "bad",
              name: "Bad",
              condition: { kind: "consent", purpose: "no.such.purpose", change: "given" },
              action: webhook("/x"),
              consent: { purpose: "analytics.profiling" },
            },
          ],
        },
        { policy },
      ),
    ).rejects.toThrow(
      /triggers\.0\.condition\.purpose \(bad\): no consent purpose has the key no\.such\.purpose/,
    );
  });

  it("fires consent given and withdrawn from the ledger's transaction; renewals and rolled-back events fire nothing", async () => {
    const ada = await person();
    await consent(ada, "analytics.profiling", "given");
    await consent(ada, "marketing.email", "given");
    // A renewal (given again, recorded as a new event from elsewhere) is no change.
    await consent(ada, "marketing.email", "given", "another-form");
    expect((await firings("email-opt-in")).filter((r) => r.profile_id === ada)).toMatchObject([
      {
        status: "pending",
        payload: {
          trigger: { key: "email-opt-in", version: 1 },
          profileId: ada,
          change: { kind: "consent", purpose: "marketing.email", from: null, to: "given" },
        },
      },
    ]);
    expect(await firings("email-opt-out")).toEqual([]);

    // A withdrawal that rolls back writes nothing.
    await expect(
      inTransaction(db.db, async (tx) => {
        await recordConsentEvent(tx, system, {
          subject: { profileId: ada },
          purpose: "marketing.email",
          status: "withdrawn",
          method: "web_form",
        });
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect(await firings("email-opt-out")).toEqual([]);

    await consent(ada, "marketing.email", "withdrawn");
    expect(await firings("email-opt-out")).toMatchObject([
      {
        profile_id: ada,
        status: "pending",
        payload: { change: { kind: "consent", from: "given", to: "withdrawn" } },
      },
    ]);
    // Someone who never gave analytics consent: the opt-out fires, skipped for want of the action's consent.
    const bob = await person();
    await consent(bob, "marketing.email", "given");
    await consent(bob, "marketing.email", "refused");
    expect((await firings("email-opt-out")).filter((r) => r.profile_id === bob)).toMatchObject([
      { status: "skipped", skip_reason: "no_consent" },
    ]);
    // The opt-in for bob was skipped nowhere: he had given marketing.email when it fired.
    expect((await firings("email-opt-in")).filter((r) => r.profile_id === bob)).toMatchObject([
      { status: "pending" },
    ]);
  });

  it("fires a steward's merge for the surviving profile, and the consent it took over, in the merge's transaction", async () => {
    const survivor = await person();
    const absorbed = await person();
    watched.survivor = survivor;
    await consent(survivor, "analytics.profiling", "given");
    await consent(survivor, "marketing.email", "given");
    await consent(absorbed, "marketing.email", "given");
    await consent(absorbed, "marketing.email", "withdrawn");
    const optOuts = (await firings("email-opt-out")).length;
    const before = (await firings("merged")).length;
    await expect(
      inTransaction(db.db, async (tx) => {
        await mergeProfilesInTransaction(tx, steward, {
          profileIds: [survivor, absorbed],
          survivorId: survivor,
          reason: "same person",
        });
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect(await firings("merged")).toHaveLength(before);
    expect(await firings("email-opt-out")).toHaveLength(optOuts);
    const merged = await mergeProfiles(db.db, steward, {
      profileIds: [survivor, absorbed],
      survivorId: survivor,
      reason: "same person",
    });
    expect((await firings("merged")).slice(before)).toMatchObject([
      {
        profile_id: survivor,
        status: "pending",
        payload: { change: { kind: "merge", mergeEventId: merged.eventId, mergedProfileIds: [absorbed] } },
      },
    ]);
    // The absorbed profile's withdrawal is more restrictive than the survivor's consent and now holds for it.
    expect((await firings("email-opt-out")).slice(optOuts)).toMatchObject([
      {
        profile_id: survivor,
        status: "pending",
        payload: { change: { kind: "consent", from: "given", to: "withdrawn", via: "merge" } },
      },
    ]);
  });

  it("fires when a watched golden value changes (a steward's correction, a queued refresh), not for a new profile's first values", async () => {
    const cleo = await person({
      street_number: "1",
      street: "rue de Rivoli",
      city: "Paris",
      postcode: "75001",
      country: "FR",
      updated_at: "2020-01-01T00:00:00Z",
    });
    watched.cleo = cleo;
    await consent(cleo, "analytics.profiling", "given");
    // Its first values (createProfile's refresh) fired nothing.
    expect((await firings("moved")).filter((r) => r.profile_id === cleo)).toEqual([]);
    const [{ value: oldEmail } = { value: null }] = await queryRows<{ value: unknown }>(
      db.db,
      sql`select value from golden_attributes where profile_id = ${cleo}::uuid and attribute = 'email'`,
    );

    // A rolled-back refresh writes nothing.
    await expect(
      inTransaction(db.db, async (tx) => {
        await tx.execute(sql`insert into golden_overrides (profile_id, attribute, value, note, origin, set_by)
          values (${cleo}::uuid, 'email', 'rolled-back@example.com', 'test', 'steward', 'test')`);
        await refreshGoldenAttributes(tx, [cleo]);
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect((await firings("moved")).filter((r) => r.profile_id === cleo)).toEqual([]);

    await setStewardOverride(db.db, steward, {
      profileId: cleo,
      attribute: "email",
      value: `cleo-${run}@example.org`,
      note: "she told us",
    });
    const afterOverride = (await firings("moved")).filter((r) => r.profile_id === cleo);
    expect(afterOverride).toMatchObject([
      {
        status: "pending",
        payload: {
          change: {
            kind: "attribute",
            attributes: [{ attribute: "email", before: oldEmail, after: `cleo-${run}@example.org` }],
          },
        },
      },
    ]);

    // An arrival's path: a newer record with another city joins the profile; the queued refresh fires.
    const moved = await createRecord(db.db, crm, {
      first_name: "Person",
      last_name: "Tester",
      street_number: "2",
      street: "place Bellecour",
      city: "Lyon",
      postcode: "69002",
      country: "FR",
      updated_at: new Date().toISOString(),
    });
    await db.db.execute(sql`update source_records set profile_id = ${cleo}::uuid where id = ${moved}::uuid`);
    await db.db.execute(sql`insert into profile_members (profile_id, record_id, reason, joined_at)
      values (${cleo}::uuid, ${moved}::uuid, 'model', now() + interval '1 minute')`);
    await db.db.execute(sql`insert into golden_refresh_queue (profile_id) values (${cleo}::uuid)`);
    expect(await refreshQueuedGolden(db.db)).toBe(1);
    const all = (await firings("moved")).filter((r) => r.profile_id === cleo);
    expect(all).toHaveLength(2);
    const changes = (
      all[1]!.payload.change as { attributes: { attribute: string; before: unknown; after: unknown }[] }
    ).attributes;
    expect(changes.map((c) => c.attribute)).toEqual(["city"]);
    expect(changes[0]).toMatchObject({
      before: expect.stringMatching(/paris/i),
      after: expect.stringMatching(/lyon/i),
    });
  });

  it("delivers profile-change firings: webhooks signed as before, the NATS action into JetStream once per delivery id", async () => {
    const dana = await person();
    await consent(dana, "analytics.profiling", "given");
    await consent(dana, "marketing.email", "given");
    await consent(dana, "marketing.email", "withdrawn");
    const eve = await person();
    await consent(eve, "marketing.email", "given");
    runner = await startTriggerDelivery({
      db: db.db,
      driver: db.driver,
      connectionString: db.url,
      policy,
      natsUrl,
      relayEveryMs: 100,
      log: () => {},
    });
    const settled = await waitFor(async () => {
      const rows = await queryRows<{ status: string }>(
        db.db,
        sql`select status::text from trigger_deliveries`,
      );
      return rows.every((r) => r.status === "delivered" || r.status === "skipped") ? rows : null;
    }, 60_000);
    expect(settled.length).toBeGreaterThan(0);
    // Dana's opt-in fired, but her withdrawal committed before dispatch: skipped when sent, nothing received.
    expect((await firings("email-opt-in")).filter((r) => r.profile_id === dana)).toMatchObject([
      { status: "skipped", skip_reason: "no_consent" },
    ]);
    expect(receiver.received.filter((w) => w.path === "/opt-in" && w.json.profileId === dana)).toEqual([]);
    const optIn = receiver.received.filter((w) => w.path === "/opt-in");
    expect(optIn.map((w) => w.json.profileId)).toEqual([eve]);
    expect(optIn[0]!.json).toMatchObject({ change: { kind: "consent", to: "given" } });
    expect(optIn[0]!.headers["idempotency-key"]).toBe(optIn[0]!.json.id);
    expect(
      receiver.received.filter((w) => w.path === "/moved" && w.json.profileId === watched.cleo),
    ).toHaveLength(2);
    expect(
      receiver.received.filter((w) => w.path === "/merged" && w.json.profileId === watched.survivor),
    ).toHaveLength(1);

    // The opt-outs that had analytics consent were published to JetStream, each delivery id once.
    const published = (await firings("email-opt-out")).filter((r) => r.status === "delivered");
    expect(published).toHaveLength(3);
    const js = nc.jetstream();
    const consumer = await js.consumers.get(stream);
    const messages = await consumer.fetch({ max_messages: 50, expires: 2000 });
    const seen: { id: string; msgId: string | undefined; profileId: string }[] = [];
    for await (const m of messages) {
      const body = m.json<{ id: string; profileId: string }>();
      seen.push({ id: body.id, msgId: m.headers?.get("Nats-Msg-Id"), profileId: body.profileId });
      m.ack();
      if (seen.length >= published.length) break;
    }
    expect(seen.map((s) => s.id).sort()).toEqual(published.map((r) => r.id).sort());
    for (const s of seen) expect(s.msgId).toBe(s.id);
    expect(seen.map((s) => s.profileId)).toContain(dana);

    // The trigger page counts them as any trigger's.
    const detail = await getTrigger(db.db, system, { key: "email-opt-out" });
    expect(detail.stats.delivered).toBe(published.length);
    // bob (refused, never gave analytics consent) and the absorbed profile (withdrew, the same).
    expect(detail.stats.skippedNoConsent).toBe(2);
  }, 120_000);

  it("retries a NATS action whose subject no stream captures, saying so", async () => {
    await applyTriggers(
      db.db,
      system,
      {
        triggers: [
          {
            key: "nowhere",
            name: "No stream",
            condition: { kind: "merge" },
            action: { kind: "nats", subject: `c360.test.nostream.${run}` },
            consent: { purpose: "analytics.profiling" },
          },
        ],
      },
      { policy },
    );
    const a = await person();
    const b = await person();
    await consent(a, "analytics.profiling", "given");
    await mergeProfiles(db.db, steward, { profileIds: [a, b], survivorId: a, reason: "test" });
    runner ??= await startTriggerDelivery({
      db: db.db,
      driver: db.driver,
      connectionString: db.url,
      policy,
      natsUrl,
      relayEveryMs: 100,
      log: () => {},
    });
    const [row] = await waitFor(async () => {
      const rows = await queryRows<{ status: string; last_error: string | null }>(
        db.db,
        sql`select d.status::text, d.last_error from trigger_deliveries d join triggers t on t.id = d.trigger_id
            where t.key = 'nowhere'`,
      );
      return rows[0]?.status === "retrying" ? rows : null;
    });
    expect(row!.last_error).toBe(
      `No JetStream stream captures the subject c360.test.nostream.${run}: add one, and the next attempt publishes.`,
    );
  }, 60_000);

  it("dry-runs consent and merge conditions against the ledger and the merge events", async () => {
    const optIns = await dryRunTrigger(db.db, system, {
      definition: {
        key: "dry",
        name: "Dry",
        condition: { kind: "consent", purpose: "marketing.email", change: "given" },
        action: webhook("/dry"),
        consent: { purpose: "marketing.email" },
      },
    });
    // ada, bob, dana, eve and the merge's survivor each gave marketing.email once (ada's renewal is no change, nor
    // is the absorbed profile's yes, whose events the survivor now holds); all but eve have withdrawn or refused it
    // since, so the action's consent (marketing.email, as of now) would skip four.
    expect(optIns).toMatchObject({
      basis: "consent ledger",
      estimate: false,
      wouldFire: 1,
      skippedNoConsent: 4,
      sampleProfiles: [{ firings: 1 }],
    });
    const merges = await dryRunTrigger(db.db, system, {
      definition: {
        key: "dry",
        name: "Dry",
        condition: { kind: "merge" },
        action: webhook("/dry"),
        consent: { purpose: "analytics.profiling" },
      },
    });
    expect(merges).toMatchObject({ basis: "merge events", wouldFire: 2, profiles: 2 });
    const moved = await dryRunTrigger(db.db, system, {
      definition: {
        key: "dry",
        name: "Dry",
        condition: { kind: "attribute", attributes: ["city"] },
        action: webhook("/dry"),
        consent: { purpose: "analytics.profiling" },
      },
    });
    expect(moved).toMatchObject({ basis: "golden values", estimate: true, wouldFire: 1, profiles: 1 });
  });
});
