// Governance of events (issue 19, portal side): the unattributed list with reasons, filters, counts and masking;
// the automatic quality rules of event sources (freshness, share unattributed, a property changing type) raising
// issues. Events are written as the ingest path stores them (one interactions row per message).
import { queryRows } from "@c360/db/client";
import { interactions } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { seedPersonalDataFixture, type PersonalDataFixture } from "../profiles/personal-data-fixture.testing";
import { drillDownQuality } from "../quality/drill-down-quality";
import { runQualityChecks } from "../quality/run-quality-checks";
import { createSource } from "../sources/manage-sources";
import { saveSegment } from "../activation/manage-segments";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";
import { analyzeImpact } from "../lineage/analyze-impact";
import { getLineageGraph } from "../lineage/get-lineage-graph";
import { getProfileView } from "../profiles/get-profile-view";
import { readProfileTimeline } from "../profiles/list-profile-timeline";
import { describeEventSource } from "./describe-event-source";
import { setEventSettings } from "./event-settings";
import { ingestEvents } from "./ingest-events";
import { listUnattributedEvents, maskEventIdentifier } from "./list-unattributed-events";

type NewEvent = typeof interactions.$inferInsert;

describe("events in governance", () => {
  let handle: TestDatabase;
  let fixture: PersonalDataFixture;
  let shop: { id: string; name: string };
  let app: { id: string; name: string };
  let recordId: string;

  const event = (over: Partial<NewEvent> & { n: number }): NewEvent => {
    const { n, ...rest } = over;
    return {
      sourceId: shop.id,
      externalId: `m-${n}`,
      channel: "web",
      type: "page.view",
      messageType: "page",
      occurredAt: new Date(Date.now() - 60_000),
      properties: {},
      ...rest,
    };
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedPersonalDataFixture(handle.db);
    const system = systemActor("events-governance-test");
    shop = await createSource(handle.db, system, { name: "shop-events", kind: "ecommerce" });
    app = await createSource(handle.db, system, { name: "app-events", kind: "web" });
    const [record] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from source_records where profile_id = ${fixture.pamelaProfileId} limit 1`,
    );
    recordId = record!.id;
    const attributed = {
      profileId: fixture.pamelaProfileId,
      sourceRecordId: recordId,
      attributedBy: "user_id" as const,
      userId: "w-2001",
    };
    await handle.db.insert(interactions).values([
      // 20 attributed order events whose total is a number, then two where the shop sent it as a string.
      ...Array.from({ length: 20 }, (_, i) =>
        event({
          n: i,
          ...attributed,
          messageType: "track",
          type: "Order Completed",
          event: "Order Completed",
          channel: "purchase",
          properties: { total: 20 + i, currency: "EUR" },
        }),
      ),
      event({
        n: 100,
        ...attributed,
        messageType: "track",
        type: "Order Completed",
        event: "Order Completed",
        channel: "purchase",
        properties: { total: "31.50" },
      }),
      event({
        n: 101,
        ...attributed,
        messageType: "track",
        type: "Order Completed",
        event: "Order Completed",
        channel: "purchase",
        properties: { total: "12.00" },
      }),
      // Waiting: anonymous page views of a visitor not identified yet, an unknown customer id, an ambiguous email.
      ...Array.from({ length: 3 }, (_, i) =>
        event({
          n: 200 + i,
          anonymousId: "anon-visitor-123456",
          unattributedReason: "unknown_anonymous_id",
          properties: { path: `/p/${i}` },
        }),
      ),
      event({
        n: 300,
        userId: "cust-unknown-999",
        messageType: "track",
        type: "Signed Up",
        event: "Signed Up",
        unattributedReason: "unknown_user_id",
        properties: { plan: "pro", contact: "sonnenblume77@example.de" },
      }),
      event({
        n: 301,
        messageType: "identify",
        type: "identify",
        channel: "other",
        contactEmail: "sonnenblume77@example.de",
        unattributedReason: "ambiguous_identity",
        properties: { email: "sonnenblume77@example.de" },
      }),
    ]);
    // The app's only event is two days old: stale.
    await handle.db
      .insert(interactions)
      .values(
        event({ n: 1, sourceId: app.id, anonymousId: "a-2", unattributedReason: "unknown_anonymous_id" }),
      );
    await handle.db.execute(
      sql`update interactions set recorded_at = now() - interval '2 days' where source_id = ${app.id}`,
    );
  }, 240_000);
  afterAll(async () => handle?.destroy());

  it("lists waiting events with their reason, counts and filters", async () => {
    // The fixture's web shop has one waiting identify of its own.
    const all = await listUnattributedEvents(handle.db, fixture.actors.steward, {});
    expect(all.total).toBe(7);
    expect(all.byReason).toEqual([
      { reason: "unknown_anonymous_id", count: 4 },
      { reason: "unknown_user_id", count: 2 },
      { reason: "ambiguous_identity", count: 1 },
    ]);
    expect(all.bySource).toEqual([
      { source: "shop-events", count: 5 },
      { source: "app-events", count: 1 },
      { source: fixture.sourceNames.web, count: 1 },
    ]);
    const shopOnly = await listUnattributedEvents(handle.db, fixture.actors.steward, {
      source: "shop-events",
      reason: "unknown_anonymous_id",
    });
    expect(shopOnly.total).toBe(3);
    expect(
      shopOnly.events.every((e) => e.anonymousId === "anon-visitor-123456" && e.sourceName === "shop-events"),
    ).toBe(true);
    // The per-reason counts stay those of the source, so the other reasons can still be chosen.
    expect(shopOnly.byReason.map((r) => r.reason).sort()).toEqual([
      "ambiguous_identity",
      "unknown_anonymous_id",
      "unknown_user_id",
    ]);
    const byIdentity = await listUnattributedEvents(handle.db, fixture.actors.steward, {
      identity: "cust-unknown-999",
    });
    expect(byIdentity.events.map((e) => [e.event, e.reason, e.userId])).toEqual([
      ["Signed Up", "unknown_user_id", "cust-unknown-999"],
    ]);
    await expect(
      listUnattributedEvents(handle.db, fixture.actors.steward, { reason: "lost" as never }),
    ).rejects.toThrow(/reason must be one of/);
  });

  it("masks identifiers and properties for a role without profile:pii, and audits a clear read", async () => {
    const masked = await listUnattributedEvents(handle.db, fixture.actors.analyst, {});
    expect(masked.masked).toBe(true);
    const text = JSON.stringify(masked);
    expect(text).not.toContain("sonnenblume77");
    expect(text).not.toContain("anon-visitor-123456");
    expect(text).not.toContain("cust-unknown-999");
    expect(masked.events.find((e) => e.event === "Signed Up")?.userId).toBe(
      maskEventIdentifier("cust-unknown-999"),
    );
    const audits = async (userId: string | null) =>
      (
        await queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from audit_log where actor_user_id = ${userId} and action = 'events.view_unattributed_pii'`,
        )
      )[0]!.n;
    expect(await audits(fixture.actors.analyst.userId)).toBe(0);
    const before = await audits(fixture.actors.steward.userId);
    await listUnattributedEvents(handle.db, fixture.actors.steward, { source: "shop-events" });
    expect(await audits(fixture.actors.steward.userId)).toBe(before + 1);
  });

  it("registers the event rules of each event source and raises issues for staleness, unattributed share and a property changing type", async () => {
    const run = await runQualityChecks(handle.db, fixture.actors.admin);
    // The dashboard's figure of waiting events (5 of the shop, 1 of the app, 1 of the fixture's web shop).
    expect(run.summary.figures.events).toEqual({ waiting: 7 });
    const results = await queryRows<{
      source: string;
      field: string;
      dimension: string;
      checked: number;
      failed: number;
      score: number;
    }>(
      handle.db,
      sql`select s.name as source, q.field, q.dimension::text as dimension, r.checked, r.failed, r.score
          from quality_results r join quality_rules q on q.id = r.rule_id join sources s on s.id = q.source_id
          where r.run_id = ${run.runId} and q.field like 'event_%' and s.name in ('shop-events', 'app-events') order by 1, 2`,
    );
    const of = (source: string, field: string) =>
      results.find((r) => r.source === source && r.field === field);
    // Shop: fresh; 5 of 27 events waiting (81 %, below 95 %); total took two types (number and string).
    expect(of("shop-events", "event_freshness")).toMatchObject({ checked: 1, failed: 0 });
    expect(of("shop-events", "event_attribution")).toMatchObject({
      checked: 27,
      failed: 5,
      dimension: "completeness",
    });
    const types = of("shop-events", "event_property_types")!;
    expect(types.dimension).toBe("consistency");
    expect(types.failed).toBe(1);
    // App: its one event arrived two days ago, past the 24 hours.
    expect(of("app-events", "event_freshness")).toMatchObject({ checked: 1, failed: 1 });
    // The fixture's German CRM sends no events: no event rules for it.
    const [crmRules] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from quality_rules q join sources s on s.id = q.source_id where s.name = ${fixture.sourceNames.german} and q.field like 'event_%'`,
    );
    expect(crmRules!.n).toBe(0);

    const issues = await queryRows<{ title: string; rule_id: string; field: string }>(
      handle.db,
      sql`select i.title, i.rule_id, q.field from quality_issues i join quality_rules q on q.id = i.rule_id join sources s on s.id = q.source_id
          where q.field like 'event_%' and i.status = 'open' and s.name in ('shop-events', 'app-events') order by i.title`,
    );
    expect(issues.map((i) => i.title.split(":").slice(0, 2).join(":"))).toEqual([
      "app-events: at most 5% of events unattributed",
      "app-events: events arrive within 24 hours",
      "shop-events: at most 5% of events unattributed",
      "shop-events: event properties keep their type",
    ]);
    // The drill-down names the property and its types, for every role that reads quality.
    const typeIssue = issues.find((i) => i.field === "event_property_types")!;
    const drill = await drillDownQuality(handle.db, fixture.actors.analyst, {
      metric: "rule",
      key: typeIssue.rule_id,
    });
    expect(drill.rows).toEqual([
      expect.objectContaining({ value: "Order Completed total: number x20, string x2" }),
    ]);
    // A second run registers nothing new and keeps one issue per rule.
    await runQualityChecks(handle.db, fixture.actors.admin);
    const [count] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from quality_rules where field like 'event_%'`,
    );
    // Three rules for each of the three event sources (shop, app and the fixture's web shop).
    expect(count!.n).toBe(9);
  });

  it("puts event sources, event names and their properties in the catalog, with lineage to engagement, churn risk and segments", async () => {
    await saveSegment(handle.db, fixture.actors.admin, {
      name: "Buyers",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "interactions", channel: "purchase", withinDays: 90, atLeast: 1 }],
      },
    });
    await saveSegment(handle.db, fixture.actors.admin, {
      name: "Callers",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "interactions", channel: "call", atLeast: 1 }],
      },
    });
    const first = await syncCatalogFromPlatform(handle.db, fixture.actors.governance_lead);
    const assets = await queryRows<{
      kind: string;
      qualified_name: string;
      name: string;
      parent: string | null;
      properties: Record<string, unknown>;
      classification: string[];
    }>(
      handle.db,
      sql`select a.kind::text as kind, a.qualified_name, a.name, p.qualified_name as parent, a.properties, a.classification
          from catalog_assets a left join catalog_assets p on p.id = a.parent_id where a.qualified_name like 'source:shop-events.events%' or a.qualified_name like 'c360:%' or a.qualified_name like 'segment:%'
          order by a.qualified_name`,
    );
    const byName = new Map(assets.map((a) => [a.qualified_name, a]));
    expect(byName.get("source:shop-events.events")).toMatchObject({
      kind: "dataset",
      parent: "source:shop-events",
    });
    expect(byName.get("source:shop-events.events.Order Completed")).toMatchObject({
      kind: "dataset",
      parent: "source:shop-events.events",
      properties: expect.objectContaining({ messageType: "track", channel: "purchase" }),
    });
    expect(byName.get("source:shop-events.events.Order Completed.total")).toMatchObject({
      kind: "column",
      properties: expect.objectContaining({ jsonTypes: ["number", "string"], typeChanged: true }),
    });
    // A property named like a contact point is classified PII when first registered.
    expect(byName.get("source:shop-events.events.identify.email")).toMatchObject({
      kind: "column",
      classification: ["PII"],
    });
    expect(byName.get("source:shop-events.events.page.view.path")).toMatchObject({
      kind: "column",
      classification: [],
    });
    expect(byName.has("segment:Buyers")).toBe(true);
    // No source sends calls: that segment does not depend on these events.
    expect(byName.has("segment:Callers")).toBe(false);

    // Lineage: the shop's events flow to engagement, churn risk and the segment over purchases.
    const eventsAsset = await queryRows<{ id: string }>(
      handle.db,
      sql`select id::text as id from catalog_assets where qualified_name = 'source:shop-events.events'`,
    );
    const impact = await analyzeImpact(handle.db, { assetId: eventsAsset[0]!.id });
    expect(JSON.stringify(impact)).toContain("c360:engagement");
    expect(JSON.stringify(impact)).toContain("c360:churn_risk");
    expect(JSON.stringify(impact)).toContain("segment:Buyers");
    const graph = await getLineageGraph(handle.db, { focusAssetId: eventsAsset[0]!.id });
    const names = new Map(graph.nodes.map((n) => [n.id, n.qualifiedName]));
    expect(
      graph.edges.map((e) => `${names.get(e.from)} -> ${names.get(e.to)} (${e.transformation})`).sort(),
    ).toEqual([
      "source:shop-events.events -> c360:churn_risk (compute:churn_risk)",
      "source:shop-events.events -> c360:engagement (compute:engagement)",
      "source:shop-events.events -> segment:Buyers (segment:interactions)",
    ]);

    // A re-sync adds nothing and keeps a curated classification.
    await handle.db.execute(
      sql`update catalog_assets set classification = '{confidential}' where qualified_name = 'source:shop-events.events.identify.email'`,
    );
    const second = await syncCatalogFromPlatform(handle.db, fixture.actors.governance_lead);
    expect(second.newAssets).toBe(0);
    expect(second.newEdges).toBe(0);
    expect(second.assets).toBe(first.assets);
    const [kept] = await queryRows<{ classification: string[] }>(
      handle.db,
      sql`select classification from catalog_assets where qualified_name = 'source:shop-events.events.identify.email'`,
    );
    expect(kept!.classification).toEqual(["confidential"]);
  });

  it("shows events sent through ingestEvents waiting, then on the profile once an identify names the visitor", async () => {
    const system = systemActor("events-governance-test");
    const store = await createSource(handle.db, system, { name: "store-live", kind: "ecommerce" });
    // The store's userId is the web shop's customer id (Pamela is w-2001 there).
    await setEventSettings(handle.db, fixture.actors.admin, {
      sourceName: "store-live",
      userIdSource: fixture.sourceNames.web,
      channels: { "Coupon Used": "purchase" },
    });
    const source = { id: store.id, name: store.name, kind: store.kind };
    const visitor = "anon-store-visitor-42";
    const views = await ingestEvents(
      handle.db,
      source,
      [1, 2].map((i) => ({
        type: "page",
        messageId: `sv-${i}`,
        anonymousId: visitor,
        name: "Deals",
        properties: { path: `/deals/${i}` },
        timestamp: new Date(Date.now() - i * 60_000).toISOString(),
      })),
      system,
    );
    expect(views.accepted).toBe(2);
    const waiting = await listUnattributedEvents(handle.db, fixture.actors.steward, { source: "store-live" });
    expect(waiting.events.map((e) => [e.anonymousId, e.reason])).toEqual([
      [visitor, "unknown_anonymous_id"],
      [visitor, "unknown_anonymous_id"],
    ]);
    const overview = await describeEventSource(handle.db, "store-live");
    expect(overview).toMatchObject({
      unattributed: 2,
      recent: { events: 2, unattributed: 2 },
      settings: { userIdSourceName: fixture.sourceNames.web, channels: { "Coupon Used": "purchase" } },
    });
    expect(overview.recent.names).toEqual([{ name: "Deals", messageType: "page", channel: "web", count: 2 }]);

    await ingestEvents(
      handle.db,
      source,
      [
        {
          type: "identify",
          messageId: "sv-identify",
          anonymousId: visitor,
          userId: "w-2001",
          timestamp: new Date().toISOString(),
        },
      ],
      system,
    );
    expect(
      (await listUnattributedEvents(handle.db, fixture.actors.steward, { source: "store-live" })).total,
    ).toBe(0);
    const web = await readProfileTimeline(handle.db, fixture.actors.steward, {
      profileId: fixture.pamelaProfileId,
      channels: ["web"],
    });
    const paths = web.entries
      .filter((e) => e.sourceName === "store-live" && e.messageType === "page")
      .map((e) => e.properties.path);
    expect(paths.sort()).toEqual(["/deals/1", "/deals/2"]);
    expect(web.entries.find((e) => e.messageId === "sv-1")).toMatchObject({
      anonymousId: visitor,
      attributedBy: "anonymous_id",
    });
    // The page views count as activity on the profile page (the identify does not).
    const view = await getProfileView(handle.db, fixture.actors.steward, { id: fixture.pamelaProfileId });
    expect(view.engagement.channels.find((c) => c.channel === "web")?.count).toBe(2);
    // Masked for an analyst: the visitor id is not sent.
    const masked = await readProfileTimeline(handle.db, fixture.actors.analyst, {
      profileId: fixture.pamelaProfileId,
      channels: ["web", "other"],
    });
    expect(masked.entries.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(masked)).not.toContain(visitor);
  });
});
