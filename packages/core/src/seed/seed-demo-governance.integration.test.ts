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
});
