import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { users } from "./access";
import { catalogAssets, lineageEdges } from "./catalog";
import { glossaryApprovals, glossaryTermLinks, glossaryTerms, glossaryTermVersions } from "./glossary";
import { interactions, relationships } from "./interactions";
import { profiles } from "./profiles";
import { qualityIssues, qualityResults, qualityRules, qualityRuns } from "./quality";
import { queryFailure } from "./query-failure.testing";
import { sourceRecords } from "./records";
import { sources } from "./sources";
import { labelledPairs, mergeEvents, reviewTasks } from "./stewardship";

describe("stewardship, timeline, glossary, catalog and quality", () => {
  let handle: TestDatabase;
  let leadId: string;
  let sourceId: string;
  let recordIds: [string, string];
  let profileIds: [string, string];

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [lead] = await handle.db
      .insert(users)
      .values({ email: "governance@example.com", name: "Lead", role: "governance_lead" })
      .returning();
    leadId = lead!.id;
    const [source] = await handle.db.insert(sources).values({ name: "shop", kind: "ecommerce" }).returning();
    sourceId = source!.id;
    const made = await handle.db
      .insert(profiles)
      .values([{ displayName: "A" }, { displayName: "B" }])
      .returning();
    profileIds = [made[0]!.id, made[1]!.id];
    const records = await handle.db
      .insert(sourceRecords)
      .values([
        { sourceId, externalId: "1", contentHash: "1", raw: {}, profileId: profileIds[0] },
        { sourceId, externalId: "2", contentHash: "2", raw: {}, profileId: profileIds[1] },
      ])
      .returning();
    recordIds = [records[0]!.id, records[1]!.id].sort() as [string, string];
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("keeps one open review task per record set, and a labelled pair once in canonical order", async () => {
    const task = {
      kind: "pair" as const,
      recordIds,
      profileIds,
      score: 0.62,
      explanation: { email: 4.1, name: -1.2 },
    };
    const [open] = await handle.db.insert(reviewTasks).values(task).returning();
    expect(await queryFailure(handle.db.insert(reviewTasks).values(task))).toContain(
      "review_tasks_open_records_key",
    );
    expect(await queryFailure(handle.db.update(reviewTasks).set({ status: "merged" }))).toContain(
      "review_tasks_decided_when_closed",
    );
    await handle.db
      .update(reviewTasks)
      .set({ status: "rejected", decidedAt: new Date(), decidedById: leadId });
    await handle.db.insert(reviewTasks).values(task); // the pair may come back to the queue later

    const [a, b] = recordIds;
    await handle.db
      .insert(labelledPairs)
      .values({ recordAId: a, recordBId: b, isMatch: false, source: "steward", reviewTaskId: open!.id });
    expect(
      await queryFailure(
        handle.db
          .insert(labelledPairs)
          .values({ recordAId: b, recordBId: a, isMatch: true, source: "steward" }),
      ),
    ).toContain("labelled_pairs_ordered");
  });

  it("lets an unmerge undo a merge event exactly once", async () => {
    const snapshot = { profiles: profileIds };
    const [merge] = await handle.db
      .insert(mergeEvents)
      .values({
        kind: "merge",
        actorLabel: "steward@example.com",
        profileIds,
        before: snapshot,
        after: snapshot,
      })
      .returning();
    const undo = {
      kind: "unmerge" as const,
      actorLabel: "steward@example.com",
      profileIds,
      before: snapshot,
      after: snapshot,
      undoesEventId: merge!.id,
    };
    await handle.db.insert(mergeEvents).values(undo);
    expect(await queryFailure(handle.db.insert(mergeEvents).values(undo))).toContain(
      "merge_events_undoes_key",
    );
  });

  it("keeps the timeline when a profile goes, and re-imported events once", async () => {
    const event = {
      profileId: profileIds[0],
      sourceRecordId: recordIds[0],
      sourceId,
      externalId: "order-1",
      channel: "purchase" as const,
      type: "order.placed",
      occurredAt: new Date("2026-02-01T12:00:00Z"),
      amount: "19.9900",
      currency: "EUR",
    };
    await handle.db.insert(interactions).values(event);
    expect(await queryFailure(handle.db.insert(interactions).values(event))).toContain(
      "interactions_source_external_key",
    );
    expect(
      await queryFailure(
        handle.db.insert(interactions).values({ ...event, externalId: "order-2", currency: "euro" }),
      ),
    ).toContain("interactions_currency_code");
    expect(
      await queryFailure(
        handle.db.insert(relationships).values({
          fromProfileId: profileIds[0],
          toProfileId: profileIds[1],
          accountName: "Acme",
          kind: "employer",
        }),
      ),
    ).toContain("relationships_one_target");
    await handle.db
      .insert(relationships)
      .values({ fromProfileId: profileIds[0], accountName: "Acme", kind: "employer" });
  });

  it("approves a glossary version only if that version exists, and links terms to catalog columns", async () => {
    const [term] = await handle.db
      .insert(glossaryTerms)
      .values({
        name: "Email address",
        slug: "email-address",
        definition: "Where we write to.",
        ownerId: leadId,
        classification: ["PII"],
      })
      .returning();
    expect(
      await queryFailure(handle.db.insert(glossaryTerms).values({ name: "Bad", slug: "Bad Slug" })),
    ).toContain("glossary_terms_slug_format");
    expect(
      await queryFailure(
        handle.db
          .insert(glossaryApprovals)
          .values({ termId: term!.id, version: 1, reviewerId: leadId, decision: "approved" }),
      ),
    ).toContain("glossary_approvals_term_version_fk");
    await handle.db
      .insert(glossaryTermVersions)
      .values({ termId: term!.id, version: 1, snapshot: { name: "Email address" } });
    await handle.db
      .insert(glossaryApprovals)
      .values({ termId: term!.id, version: 1, reviewerId: leadId, decision: "approved" });

    const [crm] = await handle.db
      .insert(catalogAssets)
      .values({
        kind: "dataset",
        qualifiedName: "source:crm.customers",
        name: "customers",
        registeredBy: "platform",
      })
      .returning();
    const [column] = await handle.db
      .insert(catalogAssets)
      .values({
        kind: "column",
        qualifiedName: "source:crm.customers.email",
        name: "email",
        parentId: crm!.id,
        registeredBy: "platform",
      })
      .returning();
    const [golden] = await handle.db
      .insert(catalogAssets)
      .values({
        kind: "golden_attribute",
        qualifiedName: "golden:email",
        name: "email",
        registeredBy: "platform",
      })
      .returning();
    const edge = {
      fromAssetId: column!.id,
      toAssetId: golden!.id,
      transformation: "survive:most_trusted_source",
      recordedBy: "platform" as const,
    };
    await handle.db.insert(lineageEdges).values(edge);
    expect(await queryFailure(handle.db.insert(lineageEdges).values(edge))).toContain(
      "lineage_edges_from_to_transformation_key",
    );
    await handle.db.insert(glossaryTermLinks).values({ termId: term!.id, assetId: column!.id });

    const loaded = await handle.db.query.catalogAssets.findFirst({
      where: eq(catalogAssets.id, golden!.id),
      with: { upstreamEdges: { with: { fromAsset: { with: { parent: true, termLinks: true } } } } },
    });
    expect(loaded?.upstreamEdges[0]?.fromAsset.parent?.qualifiedName).toBe("source:crm.customers");
    expect(loaded?.upstreamEdges[0]?.fromAsset.termLinks).toHaveLength(1);

    // Dropping the dataset takes its columns, their edges and their term links with it.
    await handle.db.delete(catalogAssets).where(eq(catalogAssets.id, crm!.id));
    expect(await handle.db.select().from(lineageEdges)).toHaveLength(0);
    expect(await handle.db.select().from(glossaryTermLinks)).toHaveLength(0);
  });

  it("scores quality runs within range and keeps one unresolved issue per rule", async () => {
    expect(
      await queryFailure(
        handle.db
          .insert(qualityRules)
          .values({ name: "x", dimension: "validity", scope: "source", field: "email" }),
      ),
    ).toContain("quality_rules_source_iff_source_scope");
    const [rule] = await handle.db
      .insert(qualityRules)
      .values({
        name: "Email valid",
        dimension: "validity",
        scope: "source",
        sourceId,
        field: "email",
        autoRegistered: true,
      })
      .returning();
    const again = await handle.db
      .insert(qualityRules)
      .values({
        name: "Email valid",
        dimension: "validity",
        scope: "source",
        sourceId,
        field: "email",
        autoRegistered: true,
      })
      .onConflictDoNothing()
      .returning();
    expect(again).toHaveLength(0);
    const [run] = await handle.db
      .insert(qualityRuns)
      .values({ trigger: "manual", trustScore: 87.5 })
      .returning();
    expect(
      await queryFailure(
        handle.db
          .insert(qualityResults)
          .values({ runId: run!.id, ruleId: rule!.id, checked: 10, failed: 11, score: 0 }),
      ),
    ).toContain("quality_results_counts");
    await handle.db
      .insert(qualityResults)
      .values({ runId: run!.id, ruleId: rule!.id, checked: 10, failed: 1, score: 0.9 });

    await handle.db
      .insert(qualityIssues)
      .values({ ruleId: rule!.id, runId: run!.id, title: "10% invalid emails" });
    expect(
      await queryFailure(
        handle.db.insert(qualityIssues).values({ ruleId: rule!.id, runId: run!.id, title: "again" }),
      ),
    ).toContain("quality_issues_one_open_per_rule");
    await handle.db
      .update(qualityIssues)
      .set({ status: "resolved", resolvedAt: new Date(), resolvedById: leadId });
    await handle.db.insert(qualityIssues).values({ ruleId: rule!.id, title: "failing again" });
  });
});
