// Quality rules on crafted data: each dimension's score, issues opened, re-opened and closed by runs, drill-downs
// that list exactly the failing records, rule edits and their validation.
import type { Database } from "@c360/db/client";
import {
  qualityIssueComments,
  qualityIssues,
  qualityResults,
  qualityRules,
  sourceRecords,
  users,
} from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { standardizeRecord } from "@c360/matching";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor, type Actor } from "../actor";
import {
  createProfile,
  createRecord,
  createSource,
  stewardActor,
} from "../stewardship/stewardship-fixtures.testing";
import { drillDownQuality } from "./drill-down-quality";
import { getQualityDashboard } from "./get-quality-dashboard";
import {
  assignQualityIssue,
  commentOnQualityIssue,
  getQualityIssue,
  listQualityIssues,
  resolveQualityIssue,
} from "./manage-quality-issues";
import { createQualityRule, listQualityRules, updateQualityRule } from "./manage-quality-rules";
import { runQualityChecks } from "./run-quality-checks";
import { computeTrustScore } from "./trust-score";

describe("quality rules on crafted data", () => {
  let handle: TestDatabase;
  let db: Database;
  let steward: Actor;
  let executive: Actor;
  let analyst: Actor;
  let crafted: string;
  const invalid: string[] = [];
  const duplicated: string[] = [];
  const stale: string[] = [];

  async function ruleOf(sourceId: string | null, dimension: string, field: string) {
    const rules = await listQualityRules(db);
    const rule = rules.find(
      (r) => r.sourceId === sourceId && r.dimension === dimension && r.field === field && r.autoRegistered,
    );
    if (!rule) throw new Error(`no ${dimension} rule on ${field}`);
    return rule;
  }

  async function resultOf(runId: string, ruleId: string) {
    const [row] = await db
      .select()
      .from(qualityResults)
      .where(and(eq(qualityResults.runId, runId), eq(qualityResults.ruleId, ruleId)));
    return row!;
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    steward = await stewardActor(db);
    const [exec] = await db.select().from(users).where(eq(users.email, "executive@example.com"));
    executive = userActor(exec!);
    const [analystUser] = await db.select().from(users).where(eq(users.email, "analyst@example.com"));
    analyst = userActor(analystUser!);
    crafted = await createSource(db, "crafted");
    const emails = [
      "dup@example.com",
      "dup@example.com",
      "c@example.com",
      "d@example.com",
      "e@example.com",
      "f@example.com",
      "g@example.com",
      "not-an-email",
      "bob@",
      "x y@z",
    ];
    for (let i = 0; i < emails.length; i++) {
      const record = await createRecord(db, crafted, {
        first_name: `Person${i}`,
        last_name: "Crafted",
        email: emails[i],
        ...(i < 4 ? { phone: `702-555-01${10 + i}` } : {}),
      });
      await createProfile(db, [record]);
      if (i >= 7) invalid.push(record);
      if (i < 2) duplicated.push(record);
      if (i === 3 || i === 4) stale.push(record);
    }
    // Two records of one person that disagree on the last name: a cross-source conflict survivorship had to settle.
    const other = await createSource(db, "other");
    const a = await createRecord(db, other, {
      first_name: "Ann",
      last_name: "Smith",
      email: "ann@example.com",
    });
    const b = await createRecord(db, other, {
      first_name: "Ann",
      last_name: "Smyth",
      email: "ann@example.com",
    });
    await createProfile(db, [a, b]);
    await db.execute(
      sql`update source_records set updated_at = now() - interval '800 days' where id in (${sql.join(
        stale.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  });
  afterAll(async () => handle?.destroy());

  it("scores every dimension right and keeps the results of the run", async () => {
    const run = await runQualityChecks(db, steward);
    const validity = await resultOf(run.runId, (await ruleOf(crafted, "validity", "email")).id);
    expect(validity).toMatchObject({ checked: 10, failed: 3 });
    expect(validity.score).toBeCloseTo(0.7, 10);
    const phoneCompleteness = await resultOf(run.runId, (await ruleOf(crafted, "completeness", "phone")).id);
    expect(phoneCompleteness).toMatchObject({ checked: 10, failed: 6 });
    expect(phoneCompleteness.score).toBeCloseTo(0.4, 10);
    const freshness = await resultOf(run.runId, (await ruleOf(crafted, "freshness", "updated_at")).id);
    expect(freshness).toMatchObject({ checked: 10, failed: 2 });
    // 8 golden emails (7 valid crafted + Ann), two profiles share dup@example.com.
    const uniqueness = await resultOf(run.runId, (await ruleOf(null, "uniqueness", "email")).id);
    expect(uniqueness).toMatchObject({ checked: 8, failed: 2 });
    const consistency = await resultOf(run.runId, (await ruleOf(null, "consistency", "last_name")).id);
    expect(consistency).toMatchObject({ checked: 11, failed: 1 });
    expect(run.summary.duplicateRate.flagged).toBe(2);

    // The trust score is the documented formula over the stored results.
    const rows = await db
      .select({
        dimension: qualityRules.dimension,
        weight: qualityRules.weight,
        score: qualityResults.score,
        checked: qualityResults.checked,
      })
      .from(qualityResults)
      .innerJoin(qualityRules, eq(qualityRules.id, qualityResults.ruleId))
      .where(eq(qualityResults.runId, run.runId));
    expect(run.trustScore).toBeCloseTo(computeTrustScore(rows).trustScore!, 10);
    expect(run.summary.dimensions.validity).not.toBeNull();
    const dashboard = await getQualityDashboard(db);
    expect(dashboard.latest).toMatchObject({ runId: run.runId, trustScore: run.trustScore });
  });

  it("drills down to exactly the failing records, masking values for roles without profile:pii", async () => {
    const rule = await ruleOf(crafted, "validity", "email");
    const drill = await drillDownQuality(db, steward, { metric: "rule", key: rule.id });
    expect(drill.total).toBe(3);
    expect(drill.rows.map((r) => r.recordId).sort()).toEqual([...invalid].sort());
    expect(drill.rows.map((r) => r.value).sort()).toEqual(["bob@", "not-an-email", "x y@z"]);
    // An analyst reads profiles but not personal data: the same records, values masked.
    const masked = await drillDownQuality(db, analyst, { metric: "rule", key: rule.id });
    expect(masked.aggregated).toBe(false);
    expect(masked.rows.map((r) => r.recordId).sort()).toEqual([...invalid].sort());
    expect(masked.rows.map((r) => r.value)).not.toContain("not-an-email");
    const duplicates = await drillDownQuality(db, analyst, { metric: "duplicates" });
    expect(duplicates.total).toBe(2);
    expect(duplicates.rows.map((r) => r.recordId).sort()).toEqual([...duplicated].sort());
    // Masked as the profile view masks it: the domain is not shown either.
    expect(duplicates.rows.every((r) => r.sharedValue === "d•••@•••.com")).toBe(true);
    // An executive cannot open profiles: counts by source, no records, values or profile ids.
    const counted = await drillDownQuality(db, executive, { metric: "rule", key: rule.id });
    expect(counted).toMatchObject({ aggregated: true, total: 3, rows: [{ source: "crafted", failing: 3 }] });
    expect(Object.keys(counted.rows[0]!).sort()).toEqual(["failing", "profiles", "source"]);
    const sharedCounted = await drillDownQuality(db, executive, { metric: "duplicates" });
    expect(sharedCounted).toMatchObject({ aggregated: true, total: 2 });
    expect(sharedCounted.rows).toEqual([{ field: "email", profiles: 2, values: 1 }]);
    await expect(drillDownQuality(db, steward, { metric: "rule", key: "nope" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("opens an issue for a failing rule, re-opens it when the next run still fails, closes it when the data is fixed", async () => {
    const rule = await ruleOf(crafted, "validity", "email");
    const open = await db.select().from(qualityIssues).where(eq(qualityIssues.ruleId, rule.id));
    expect(open).toHaveLength(1);
    expect(open[0]!.status).toBe("open");
    expect([...open[0]!.sampleRecordIds].sort()).toEqual([...invalid].sort());
    const issueId = open[0]!.id;
    expect((await listQualityIssues(db, steward)).items.map((i) => i.id)).toContain(issueId);
    const mine = async () =>
      (await listQualityIssues(db, steward, { assignee: "me" })).items.map((i) => i.id);
    expect(await mine()).not.toContain(issueId);

    await assignQualityIssue(db, steward, { issueId, assigneeId: steward.userId });
    // The steward's own list holds it now; nobody else's, and not the unassigned list.
    expect(await mine()).toEqual([issueId]);
    expect((await listQualityIssues(db, executive, { assignee: "me" })).items).toEqual([]);
    expect(
      (await listQualityIssues(db, steward, { assignee: "nobody" })).items.map((i) => i.id),
    ).not.toContain(issueId);
    await expect(listQualityIssues(db, steward, { assignee: "someone" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("assignee"),
    });
    await commentOnQualityIssue(db, steward, { issueId, body: "Asked the CRM team to fix these." });
    await resolveQualityIssue(db, steward, { issueId, note: "Fixed upstream." });
    await expect(resolveQualityIssue(db, steward, { issueId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(commentOnQualityIssue(db, executive, { issueId, body: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    await runQualityChecks(db, steward);
    const [reopened] = await db.select().from(qualityIssues).where(eq(qualityIssues.id, issueId));
    expect(reopened).toMatchObject({ status: "assigned", resolvedAt: null, assigneeId: steward.userId });
    expect(await db.select().from(qualityIssues).where(eq(qualityIssues.ruleId, rule.id))).toHaveLength(1);
    const { comments } = await getQualityIssue(db, { issueId });
    expect(comments.map((c) => c.body)).toEqual([
      "Asked the CRM team to fix these.",
      "Fixed upstream.",
      expect.stringContaining("Re-opened by a quality run"),
    ]);

    // The source is corrected: the next run passes the rule and closes the issue.
    for (const id of invalid) {
      const raw = {
        record_id: id,
        first_name: "Fixed",
        last_name: "Crafted",
        email: `fixed-${id.slice(0, 8)}@example.com`,
      };
      await db
        .update(sourceRecords)
        .set({ raw, standardized: { ...standardizeRecord(raw) } })
        .where(eq(sourceRecords.id, id));
    }
    const third = await runQualityChecks(db, steward);
    expect((await resultOf(third.runId, rule.id)).score).toBe(1);
    const [closed] = await db.select().from(qualityIssues).where(eq(qualityIssues.id, issueId));
    expect(closed!.status).toBe("resolved");
    expect(third.summary.issues.autoResolved).toBeGreaterThanOrEqual(1);
    expect((await drillDownQuality(db, steward, { metric: "rule", key: rule.id })).total).toBe(0);
    expect(
      await db.select().from(qualityIssueComments).where(eq(qualityIssueComments.issueId, issueId)),
    ).toHaveLength(4);
    expect((await getQualityDashboard(db)).trend).toHaveLength(3);
  });

  it("registers automatic rules once, and lets quality:write holders add and tune rules", async () => {
    const before = (await db.select().from(qualityRules)).length;
    const run = await runQualityChecks(db, steward, { trigger: "schedule" });
    expect((await db.select().from(qualityRules)).length).toBe(before);

    const rule = await createQualityRule(db, steward, {
      name: "crafted: first names are capitalised",
      dimension: "validity",
      scope: "source",
      sourceId: crafted,
      field: "first_name",
      params: { pattern: "^[A-Z]" },
      threshold: 0.5,
    });
    await expect(
      createQualityRule(db, executive, {
        name: "x",
        dimension: "completeness",
        scope: "golden",
        field: "email",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createQualityRule(db, steward, {
        name: "x",
        dimension: "validity",
        scope: "source",
        sourceId: crafted,
        field: "email",
        params: { pattern: "([" },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("not a valid regular expression"),
    });
    await expect(
      createQualityRule(db, steward, {
        name: "x",
        dimension: "consistency",
        scope: "source",
        sourceId: crafted,
        field: "email",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      createQualityRule(db, steward, {
        name: "x",
        dimension: "validity",
        scope: "source",
        sourceId: crafted,
        field: "city",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("give the rule a pattern"),
    });
    await updateQualityRule(db, steward, { ruleId: rule.id, params: { pattern: "^Person" }, weight: 3 });
    const next = await runQualityChecks(db, steward);
    const result = await resultOf(next.runId, rule.id);
    expect(result).toMatchObject({ checked: 10, failed: 3 }); // the three records renamed "Fixed"
    expect(run.runId).not.toBe(next.runId);
    const audit = await db.execute(sql`select action from audit_log where action like 'quality.%'`);
    const actions = ((audit as { rows?: { action: string }[] }).rows ?? (audit as { action: string }[])).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "quality.run",
        "quality.rules_register",
        "quality.rule_create",
        "quality.rule_update",
        "quality.issue_assign",
        "quality.issue_comment",
        "quality.issue_resolve",
      ]),
    );
    expect(
      await db
        .select()
        .from(qualityRules)
        .where(inArray(qualityRules.id, [rule.id])),
    ).toHaveLength(1);
  });
});
