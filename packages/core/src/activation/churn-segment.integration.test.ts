// Segments by churn band (issue 23): profiles whose score in the ACTIVE churn model falls in the chosen bands;
// unscored profiles and scores of older models never match. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { churnBand } from "../predictions/train-churn-model";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { previewSegment } from "./manage-segments";
import type { SegmentGroup } from "./segment-rules";

const actor = systemActor("test");
const churn = (...bands: ("high" | "medium" | "low")[]): SegmentGroup => ({
  kind: "group",
  combinator: "and",
  conditions: [{ kind: "churn", bands }],
});

describe("segments by churn band", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const source = await createSource(handle.db, "shop");
    const profiles: string[] = [];
    for (let i = 0; i < 5; i++)
      profiles.push(
        await createProfile(handle.db, [await createRecord(handle.db, source, { first_name: `P${i}` })]),
      );
    const model = async (version: number, active: boolean) => {
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`insert into prediction_models (kind, version, as_of, horizon_days, trained_by, model, offers, metrics, profiles_scored, active)
            values ('churn', ${version}, now(), 90, 'test', '{}', '{}', '{}', 4, ${active}) returning id::text as id`,
      );
      return row!.id;
    };
    const old = await model(1, false);
    const current = await model(2, true);
    // Scores at the band edges: 0.7 is high, 0.4 medium, just below 0.4 low; the fifth profile has no score.
    const scores = [0.95, 0.7, 0.4, 0.3999];
    for (const [i, p] of scores.entries())
      await handle.db.execute(
        sql`insert into profile_predictions (profile_id, model_id, churn_probability, reasons, offers)
            values (${profiles[i]!}::uuid, ${current}::uuid, ${p}, '[]', '[]')`,
      );
    // The old model thought the low-risk profile was high risk: it must not count.
    await handle.db.execute(
      sql`insert into profile_predictions (profile_id, model_id, churn_probability, reasons, offers)
          values (${profiles[3]!}::uuid, ${old}::uuid, 0.99, '[]', '[]')`,
    );
    expect(scores.map(churnBand)).toEqual(["high", "high", "medium", "low"]);
  });
  afterAll(async () => handle?.destroy());

  it("counts the profiles of the chosen bands in the active model, as churnBand draws them", async () => {
    expect((await previewSegment(handle.db, actor, { definition: churn("high") })).matched).toBe(2);
    expect((await previewSegment(handle.db, actor, { definition: churn("medium") })).matched).toBe(1);
    expect((await previewSegment(handle.db, actor, { definition: churn("low") })).matched).toBe(1);
    const either = await previewSegment(handle.db, actor, { definition: churn("high", "medium") });
    expect(either.matched).toBe(3);
    expect(either.summary).toContain("churn risk high or medium");
  });

  it("names a wrong band and an empty choice", async () => {
    await expect(
      previewSegment(handle.db, actor, { definition: churn("extreme" as "high") }),
    ).rejects.toThrow(/bands: use high, medium, low/);
    await expect(previewSegment(handle.db, actor, { definition: churn() })).rejects.toThrow(
      /choose at least one churn band/,
    );
  });
});
