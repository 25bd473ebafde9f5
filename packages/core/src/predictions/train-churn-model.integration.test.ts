// Churn training over the database: histories read point in time (events and marketing consent up to the as-of
// date only), every active profile scored, the model version stored with its metrics, reasons and offers per
// profile, and a second training replacing the first. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { DAY_MS, type ProfileHistory } from "@c360/predict";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, userActor } from "../actor";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { recordConsentEvent } from "../consent/record-consent-event";
import { createUser } from "../users/manage-users";
import { getProfilePrediction } from "./get-profile-prediction";
import { listPredictionModels } from "./list-prediction-models";
import { retrainChurnModelIfDue } from "./retrain-churn-model-if-due";
import { forEachPredictionHistoryChunk } from "./load-prediction-histories";
import { insertSyntheticCustomers } from "./prediction-fixture.testing";
import { computeChurnScores, trainChurnModel } from "./train-churn-model";

const PEOPLE = 1200;
const end = Date.UTC(2026, 9, 31, 12);
const asOfDay = "2026-09-30";
const asOf = Date.parse("2026-10-01T00:00:00Z") - 1;
const admin = systemActor("test");
let analyst = userActor({ id: randomUUID(), email: "analyst@example.com", role: "analyst" });
let executive = userActor({ id: randomUUID(), email: "exec@example.com", role: "executive" });

describe("churn training over the database", () => {
  let handle: TestDatabase;
  let ids: string[] = [];
  const quiet = randomUUID(); // a profile with no events at all: scored all the same

  beforeAll(async () => {
    handle = await createTestDatabase();
    ids = (await insertSyntheticCustomers(handle.db, PEOPLE, end)).ids;
    await handle.db.execute(sql`insert into profiles (id) values (${quiet}::uuid)`);
    await ensureStandardPurposes(handle.db, admin);
    // Real users: their reads are audited under their ids.
    for (const role of ["analyst", "executive"] as const) {
      const user = await createUser(handle.db, admin, {
        email: `${role}@example.com`,
        name: role,
        role,
        password: "long enough password",
      });
      if (role === "analyst") analyst = userActor({ ...user, role });
      else executive = userActor({ ...user, role });
    }
    // Marketing consent of the first customer: given before the as-of date, withdrawn after it.
    await recordConsentEvent(handle.db, admin, {
      subject: { profileId: ids[0]! },
      purpose: "marketing.email",
      status: "given",
      effectiveAt: "2025-01-10T00:00:00Z",
    });
    await recordConsentEvent(handle.db, admin, {
      subject: { profileId: ids[0]! },
      purpose: "marketing.email",
      status: "withdrawn",
      effectiveAt: "2026-10-15T00:00:00Z",
    });
  }, 240_000);
  afterAll(async () => handle?.destroy());

  it("reads events, products and marketing consent only up to the as-of instant", async () => {
    const seen = new Map<string, ProfileHistory>();
    const total = await forEachPredictionHistoryChunk(handle.db, new Date(asOf), (chunk) =>
      chunk.forEach((h) => seen.set(h.profileId, h)),
    );
    expect(total).toBe(PEOPLE + 1);
    expect(seen.get(quiet)!.events).toEqual([]);
    const events = [...seen.values()].flatMap((h) => h.events);
    expect(Math.max(...events.map((e) => e.at))).toBeLessThanOrEqual(asOf);
    expect(events.some((e) => e.at > asOf - 30 * DAY_MS)).toBe(true);
    const order = events.find((e) => e.channel === "purchase")!;
    expect(order.skus!.length).toBeGreaterThan(0);
    expect(order.amount).toBeGreaterThan(0);
    expect(seen.get(ids[0]!)!.consent).toEqual([{ at: Date.parse("2025-01-10T00:00:00Z"), granted: true }]);
  });

  it("scores every active profile from data up to the as-of date; later events change nothing", async () => {
    const first = await computeChurnScores(handle.db, admin, { asOf: asOfDay, horizonDays: 90 });
    expect(first.asOf.toISOString()).toBe("2026-09-30T23:59:59.999Z");
    expect(first.rows).toHaveLength(PEOPLE + 1);
    expect(new Set(first.rows.map((r) => r.profileId))).toEqual(new Set([...ids, quiet]));
    for (const row of first.rows) {
      expect(row.churnProbability).toBeGreaterThan(0);
      expect(row.churnProbability).toBeLessThan(1);
    }
    expect(first.metrics.auc).toBeGreaterThan(first.metrics.recencyAuc);
    expect(first.metrics.ruleAuc).toBeGreaterThan(0.5);
    // Orders after the as-of date for a hundred customers: the scores as of that date stay exactly the same.
    await handle.db.execute(
      sql`insert into interactions (profile_id, source_id, external_id, channel, type, occurred_at, amount, currency, properties)
          select p.id, ${randomUUID()}::uuid, p.id::text, 'purchase', 'order', '2026-10-20T10:00:00Z', 80, 'USD', '{"products":[{"sku":"tent-1"}]}'
          from (select id from profiles order by id limit 100) p`,
    );
    const again = await computeChurnScores(handle.db, admin, { asOf: asOfDay, horizonDays: 90 });
    expect(again.rows).toEqual(first.rows);
  });

  it("stores a model version with its metrics, and each profile's probability, reasons and offers", async () => {
    const trained = await trainChurnModel(handle.db, admin, {
      asOf: asOfDay,
      horizonDays: 90,
      trigger: "cli",
    });
    expect(trained.version).toBe(1);
    expect(trained.profilesScored).toBe(PEOPLE + 1);
    const [model] = await queryRows<{
      active: boolean;
      trained_by: string;
      metrics: Record<string, unknown>;
    }>(
      handle.db,
      sql`select active, trained_by, metrics from prediction_models where id = ${trained.modelId}::uuid`,
    );
    expect(model!.active).toBe(true);
    expect(model!.trained_by).toBe("cli");
    expect(model!.metrics).toMatchObject({ trainRows: expect.any(Number), auc: expect.any(Number) });
    expect((model!.metrics.calibration as unknown[]).length).toBeGreaterThan(3);
    const scores = await queryRows<{
      profile_id: string;
      churn_probability: number;
      reasons: { text: string }[];
      offers: { sku: string; reason: string }[];
    }>(
      handle.db,
      sql`select profile_id, churn_probability, reasons, offers from profile_predictions where model_id = ${trained.modelId}::uuid`,
    );
    expect(scores).toHaveLength(PEOPLE + 1);
    const buyer = scores.find((s) => s.offers.some((o) => o.reason.startsWith("Bought ")))!;
    expect(buyer.offers).toHaveLength(3);
    expect(buyer.reasons).toHaveLength(3);
    expect(buyer.reasons[0]!.text).toMatch(/\((raises|lowers) the risk\)\.$/);
    const audit = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action = 'predictions.train' and entity_id = ${trained.modelId}`,
    );
    expect(audit[0]!.n).toBe(1);

    const second = await trainChurnModel(handle.db, admin, { horizonDays: 60 });
    expect(second.version).toBe(2);
    const versions = await queryRows<{ version: number; active: boolean; scored: number }>(
      handle.db,
      sql`select m.version, m.active, (select count(*)::int from profile_predictions p where p.model_id = m.id) as scored
          from prediction_models m order by m.version`,
    );
    expect(versions).toEqual([
      { version: 1, active: false, scored: 0 },
      { version: 2, active: true, scored: PEOPLE + 1 },
    ]);
  });

  it("shows a profile its probability, reasons and offers from the active model, and the versions' metrics", async () => {
    const prediction = await getProfilePrediction(handle.db, analyst, { profileId: ids[1]! });
    expect(prediction).not.toBeNull();
    expect(prediction!.model.version).toBe(2);
    expect(prediction!.band).toMatch(/^(low|medium|high)$/);
    expect(prediction!.reasons.length).toBeGreaterThan(0);
    expect(prediction!.offers).toHaveLength(3);
    expect(prediction!.marketingConsent).toBe(false);
    // The first customer's consent was withdrawn (after the as-of date, but it is the state now that gates offers).
    expect((await getProfilePrediction(handle.db, analyst, { profileId: ids[0]! }))!.marketingConsent).toBe(
      false,
    );
    await expect(getProfilePrediction(handle.db, executive, { profileId: ids[1]! })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(getProfilePrediction(handle.db, analyst, { profileId: "nope" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const audit = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action = 'predictions.read' and entity_id = ${ids[1]!}`,
    );
    expect(audit[0]!.n).toBe(1);
    const versions = await listPredictionModels(handle.db, executive);
    expect(versions.slice(0, 2).map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(
      versions[1]!.metrics.bands.low + versions[1]!.metrics.bands.medium + versions[1]!.metrics.bands.high,
    ).toBe(PEOPLE + 1);
  });

  it("retrains on schedule only when the active model is older than allowed", async () => {
    const fresh = await retrainChurnModelIfDue(handle.db, admin, { maxAgeDays: 30 });
    expect(fresh).toMatchObject({
      trained: false,
      reason: expect.stringMatching(/^version 2 is 0\.0 days old/),
    });
    await handle.db.execute(
      sql`update prediction_models set trained_at = now() - interval '31 days' where active`,
    );
    const due = await retrainChurnModelIfDue(handle.db, admin, { maxAgeDays: 30, horizonDays: 60 });
    expect(due.trained).toBe(true);
    const [latest] = await queryRows<{ version: number; trained_by: string; active: boolean }>(
      handle.db,
      sql`select version, trained_by, active from prediction_models order by version desc limit 1`,
    );
    expect(latest).toEqual({ version: 3, trained_by: "schedule", active: true });
  });

  it("refuses callers without the admin permission and names a bad date or horizon", async () => {
    await expect(trainChurnModel(handle.db, analyst, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(computeChurnScores(handle.db, analyst, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(trainChurnModel(handle.db, admin, { asOf: "2026-02-31" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("as-of date is not a real day"),
    });
    await expect(trainChurnModel(handle.db, admin, { horizonDays: 3 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("horizonDays is at least 7"),
    });
    // Too little history: a cut-off before anyone was known.
    await expect(
      computeChurnScores(handle.db, admin, { asOf: "2023-12-01", horizonDays: 90 }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Not enough history"),
    });
  });
});
