// A fresh demo start shows governance leads, stewards and executives their work: prepareDatabase seeds a glossary
// in every workflow state bound to golden attributes, and a first quality run with issues assigned to the steward.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTerm } from "../glossary/get-term";
import { listTerms } from "../glossary/list-terms";
import { prepareDatabase, type PrepareResult } from "../setup/prepare-database";
import { DEMO_TERMS } from "./seed-demo-governance";

describe("the demo's governance on a fresh start", () => {
  let handle: TestDatabase;
  let prepared: PrepareResult;
  beforeAll(async () => {
    handle = await createTestDatabase();
    prepared = await prepareDatabase(handle, { demo: true, demoPersons: 150 });
  });
  afterAll(async () => handle?.destroy());

  it("holds a glossary in every state of its workflow, its contact terms bound to the golden attributes", async () => {
    const terms = await listTerms(handle.db);
    expect(terms).toHaveLength(DEMO_TERMS.length);
    expect([...new Set(terms.map((t) => t.status))].sort()).toEqual([
      "approved",
      "deprecated",
      "draft",
      "in_review",
    ]);
    const email = await getTerm(handle.db, "email-address");
    expect(email.status).toBe("approved");
    expect(email.links.map((l) => l.qualifiedName)).toEqual(["golden:email"]);
    expect(prepared.governance).toMatchObject({ terms: DEMO_TERMS.length, issuesAssigned: 2 });
    expect(prepared.governance!.linked).toBeGreaterThanOrEqual(8);
  });

  it("has a quality run with a trust score, and issues in the steward's own list", async () => {
    const [run] = await queryRows<{ trust_score: number | null }>(
      handle.db,
      sql`select trust_score from quality_runs order by finished_at desc limit 1`,
    );
    expect(run?.trust_score).toBeGreaterThan(0);
    const [assigned] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from quality_issues i join users u on u.id = i.assignee_id where u.email = 'steward@example.com'`,
    );
    expect(assigned!.n).toBe(2);
  });

  it("has privacy requests in the states a lead meets them, one past its deadline", async () => {
    const rows = await queryRows<{ kind: string; status: string; overdue: boolean }>(
      handle.db,
      sql`select kind::text as kind, status::text as status, due_at < now() as overdue from privacy_requests order by received_at`,
    );
    expect(prepared.governance!.privacyRequests).toBe(5);
    expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual([
      "access:completed",
      "rectification:received",
      "access:in_progress",
      "erasure:rejected",
      "portability:received",
    ]);
    // The open rectification, received 35 days ago, is past its one-month deadline.
    expect(rows.filter((r) => r.overdue && !["completed", "rejected"].includes(r.status))).toEqual([
      { kind: "rectification", status: "received", overdue: true },
    ]);
  });

  it("has weeks of quality history, measured as each demo source arrived, that really moves", async () => {
    const runs = await queryRows<{ trust_score: number | null; started_at: string }>(
      handle.db,
      sql`select trust_score, started_at::text as started_at from quality_runs where status = 'completed' order by started_at`,
    );
    // One run per demo source (five), then the final run over the resolved data.
    expect(runs).toHaveLength(6);
    const days = runs.map((r) => new Date(r.started_at).getTime() / 86_400_000);
    for (let i = 1; i < runs.length - 1; i++) expect(days[i]! - days[i - 1]!).toBeCloseTo(7, 3);
    expect(Date.now() / 86_400_000 - days.at(-1)!).toBeLessThan(1);
    expect(new Set(runs.map((r) => r.trust_score)).size).toBeGreaterThan(2);
  });
});
