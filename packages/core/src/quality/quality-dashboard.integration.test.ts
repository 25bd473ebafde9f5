// The dashboard on realistic seeded data: pre-aggregated figures agree with the tables, runs form a trend, and
// each number's drill-down lists as many rows as the number says.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, userActor, type Actor } from "../actor";
import { seedDemoData } from "../seed/seed-demo-data";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { drillDownQuality } from "./drill-down-quality";
import { getQualityDashboard } from "./get-quality-dashboard";
import { runQualityChecks } from "./run-quality-checks";

describe("quality dashboard on seeded demo data", () => {
  let handle: TestDatabase;
  let db: Database;
  let executive: Actor;
  let analyst: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    await ensureDemoUsers(db);
    const [exec] = await db.select().from(users).where(eq(users.email, "executive@example.com"));
    executive = userActor(exec!);
    const [analystUser] = await db.select().from(users).where(eq(users.email, "analyst@example.com"));
    analyst = userActor(analystUser!);
    await seedDemoData(db, systemActor("test"), { persons: 150 });
  }, 180_000);
  afterAll(async () => handle?.destroy());

  it("pre-aggregates figures that agree with the tables they summarise", async () => {
    await expect(runQualityChecks(db, executive)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getQualityDashboard(db)).latest).toBeNull();
    const run = await runQualityChecks(db, systemActor("scheduler"), { trigger: "schedule" });
    expect(run.trustScore).toBeGreaterThan(0);
    expect(run.trustScore).toBeLessThanOrEqual(100);
    const { figures } = run.summary;
    const [truth] = await queryRows<{ profiles: number; records: number; multi: number }>(
      db,
      sql`select (select count(*)::int from profiles where status = 'active') as profiles,
                 (select count(*)::int from source_records where status = 'active') as records,
                 (select count(*)::int from source_records r where status = 'active' and exists
                   (select 1 from source_records o where o.profile_id = r.profile_id and o.id <> r.id and o.status = 'active')) as multi`,
    );
    expect(figures.goldenProfiles).toBe(truth!.profiles);
    expect(figures.sourceRecords).toBe(truth!.records);
    expect(figures.matchRates).toHaveLength(5);
    expect(figures.matchRates.reduce((n, s) => n + s.matched, 0)).toBe(truth!.multi);
    expect(figures.duplicates.found).toBeGreaterThan(0);
    // Every source of the demo maps fields, so each got automatic rules, and every dimension was measured.
    for (const score of Object.values(run.summary.dimensions)) expect(score).not.toBeNull();
  });

  it("keeps a trend across runs and reads the latest run's summary", async () => {
    const second = await runQualityChecks(db, systemActor("scheduler"));
    const dashboard = await getQualityDashboard(db, { trendRuns: 10 });
    expect(dashboard.trend).toHaveLength(2);
    expect(dashboard.latest!.runId).toBe(second.runId);
    expect(dashboard.trend.at(-1)!.trustScore).toBe(second.trustScore);
    expect(second.summary.issues.opened).toBe(0); // the first run opened them; the second only updates
  });

  it("lists as many records behind each number as the number says, to a role that reads profiles", async () => {
    const { latest } = await getQualityDashboard(db);
    const summary = latest!.summary;
    const duplicates = await drillDownQuality(db, analyst, { metric: "duplicates", limit: 500 });
    expect(duplicates.total).toBe(summary.duplicateRate.flagged);
    // Shared emails are masked as the profile view masks them: no domain in clear.
    const sharedEmails = duplicates.rows.filter((r) => r.field === "email").map((r) => String(r.sharedValue));
    expect(sharedEmails.length).toBeGreaterThan(0);
    for (const email of sharedEmails) expect(email).toMatch(/^.•••@•••(\.[a-z]+)?$/);
    const crm = summary.figures.matchRates.find((s) => s.name === "crm")!;
    const unmatched = await drillDownQuality(db, analyst, { metric: "match-rate", key: crm.sourceId });
    expect(unmatched.total).toBe(crm.records - crm.matched);
    const profiles = await drillDownQuality(db, analyst, { metric: "golden-profiles", limit: 5 });
    expect(profiles.total).toBe(summary.figures.goldenProfiles);
    expect(profiles.rows).toHaveLength(5);
    // Names are personal data: an analyst sees their shape only.
    expect(profiles.rows.every((r) => r.name === null || String(r.name).includes("•"))).toBe(true);
    const backlog = await drillDownQuality(db, executive, { metric: "backlog" });
    expect(backlog.total).toBe(summary.figures.stewardship.openReviewTasks);
    const issues = await drillDownQuality(db, executive, { metric: "issues" });
    expect(issues.total).toBe(summary.figures.stewardship.openQualityIssues);
    const validity = await drillDownQuality(db, executive, { metric: "dimension", key: "validity" });
    expect(validity.total).toBeGreaterThan(0);
  });

  it("answers an executive, who cannot open profiles, with counts that add up to the same numbers", async () => {
    const { latest } = await getQualityDashboard(db);
    const summary = latest!.summary;
    const duplicates = await drillDownQuality(db, executive, { metric: "duplicates" });
    expect(duplicates.aggregated).toBe(true);
    expect(duplicates.total).toBe(summary.duplicateRate.flagged);
    const crm = summary.figures.matchRates.find((s) => s.name === "crm")!;
    const unmatched = await drillDownQuality(db, executive, { metric: "match-rate", key: crm.sourceId });
    expect(unmatched.rows).toEqual([{ source: "crm", records: crm.records - crm.matched }]);
    const profiles = await drillDownQuality(db, executive, { metric: "golden-profiles" });
    expect(profiles.total).toBe(summary.figures.goldenProfiles);
    expect(profiles.columns.map((c) => c.key)).toEqual(["records", "profiles"]);
    // No profile id, name or value reaches them in any record-level metric.
    for (const drill of [duplicates, unmatched, profiles])
      for (const row of drill.rows) expect(Object.keys(row)).not.toContain("profileId");
  });
});
