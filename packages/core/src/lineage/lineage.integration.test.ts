import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import {
  catalogAssets,
  lineageEdges,
  openlineageEvents,
  profileMembers,
  profiles,
  sourceRecords,
} from "@c360/db/schema";
import { standardizeRecord } from "@c360/matching";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { curateAsset, listAssets } from "../catalog/catalog-assets";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";
import { createSource } from "../sources/manage-sources";
import { analyzeImpact, impactAnalysisCsv } from "./analyze-impact";
import { getLineageGraph } from "./get-lineage-graph";
import { getValueLineage } from "./get-value-lineage";
import { ingestOpenLineageEvent } from "./ingest-openlineage-event";

const actor = systemActor("test");
const runId = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

function newsletterEvent(overrides: Record<string, unknown> = {}) {
  return {
    eventType: "COMPLETE",
    eventTime: "2026-01-02T03:04:05.000Z",
    run: { runId },
    job: { namespace: "dbt", name: "newsletter_audience" },
    producer: "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/dbt",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    inputs: [{ namespace: "c360", name: "golden" }],
    outputs: [
      {
        namespace: "mailchimp",
        name: "newsletter",
        facets: {
          c360Asset: { kind: "export" },
          columnLineage: {
            fields: {
              email: {
                inputFields: [
                  {
                    namespace: "c360",
                    name: "golden",
                    field: "email",
                    transformations: [{ type: "DIRECT", subtype: "IDENTITY" }],
                  },
                ],
              },
            },
          },
        },
      },
    ],
    ...overrides,
  };
}

describe("catalog and lineage", () => {
  let handle: TestDatabase;
  let profileId: string;
  let crmRecordId: string;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const crm = await createSource(handle.db, actor, {
      name: "crm",
      kind: "crm",
      fieldMapping: { EMail: "email" },
      attributeTrust: { email: 0.6 },
    });
    const billing = await createSource(handle.db, actor, {
      name: "billing",
      kind: "billing",
      attributeTrust: { email: 0.5 },
    });
    const [profile] = await handle.db.insert(profiles).values({ displayName: "Ann Lee" }).returning();
    profileId = profile!.id;
    const standardized = (values: Record<string, string>) => ({
      ...standardizeRecord({ record_id: values.record_id!, ...values }),
    });
    const [crmRecord, billingRecord] = await handle.db
      .insert(sourceRecords)
      .values([
        {
          sourceId: crm.id,
          externalId: "C-1",
          contentHash: "a",
          raw: { EMail: "ann@crm.example", first_name: "Ann" },
          standardized: standardized({ record_id: "C-1", email: "ann@crm.example", first_name: "Ann" }),
          profileId,
        },
        {
          sourceId: billing.id,
          externalId: "B-9",
          contentHash: "b",
          raw: { email: "ann@billing.example", city: "Leeds" },
          standardized: standardized({ record_id: "B-9", email: "ann@billing.example", city: "Leeds" }),
          profileId,
        },
      ])
      .returning();
    crmRecordId = crmRecord!.id;
    await handle.db
      .insert(profileMembers)
      .values(
        [crmRecord!, billingRecord!].map((r) => ({ profileId, recordId: r.id, reason: "model" as const })),
      );
    // Survivorship chooses the golden email as the resolver would: the more trusted crm's.
    await refreshGoldenAttributes(handle.db, [profileId]);
  });
  afterAll(async () => handle?.destroy());

  it("registers sources, their columns, standardized fields and golden attributes, idempotently", async () => {
    // createSource registered the fields, golden attributes and mapped columns; the rows written here directly
    // (no import) bring three columns only a sync learns: crm's first_name, billing's email and city.
    const first = await syncCatalogFromPlatform(handle.db, actor);
    expect(first).toMatchObject({ newAssets: 3, newEdges: 3 });
    expect(first.assets).toBeGreaterThan(20);
    const names = (await listAssets(handle.db, { query: "email" })).map((a) => a.qualifiedName);
    expect(names).toEqual([
      "golden:email",
      "source:billing.records.email",
      "source:crm.records.EMail",
      "std:email",
    ]);
    const [email] = await listAssets(handle.db, { query: "golden:email" });
    await curateAsset(handle.db, actor, {
      assetId: email!.id,
      description: "Where we write to the customer.",
      tags: ["contact"],
    });
    const second = await syncCatalogFromPlatform(handle.db, actor);
    expect(second).toMatchObject({ newAssets: 0, newEdges: 0, assets: first.assets, edges: first.edges });
    expect((await listAssets(handle.db, { query: "golden:email" }))[0]).toMatchObject({
      description: "Where we write to the customer.",
      tags: ["contact"],
    });
  });

  it("refuses a malformed OpenLineage event by field and stores nothing", async () => {
    const before = (await handle.db.select({ n: count() }).from(catalogAssets))[0]!.n;
    const broken = newsletterEvent({ run: { runId: "not-a-uuid" } });
    (broken.outputs[0]!.facets.columnLineage.fields.email as { inputFields: unknown }).inputFields = [
      { namespace: "c360", name: "golden" },
    ];
    const error = await ingestOpenLineageEvent(handle.db, actor, broken).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((error as Error).message).toMatch(/run\.runId: runId must be a UUID/);
    expect((error as Error).message).toMatch(
      /outputs\.0\.facets\.columnLineage\.fields\.email\.inputFields\.0\.field/,
    );
    await expect(ingestOpenLineageEvent(handle.db, actor, { eventTime: "yesterday" })).rejects.toThrow(
      /eventTime/,
    );
    // What PostgreSQL cannot store is refused by place, not failed in the transaction (a 500 before).
    const withNul = newsletterEvent({ run: { runId, facets: { note: { text: "a\u0000b" } } } });
    await expect(ingestOpenLineageEvent(handle.db, actor, withNul)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("$.run.facets.note.text holds a NUL character"),
    });
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    await expect(
      ingestOpenLineageEvent(handle.db, actor, newsletterEvent({ run: { runId, facets: { deep } } })),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nested more than 64 levels"),
    });
    expect((await handle.db.select({ n: count() }).from(openlineageEvents))[0]!.n).toBe(0);
    expect((await handle.db.select({ n: count() }).from(catalogAssets))[0]!.n).toBe(before);
  });

  it("takes an OpenLineage run into the graph, and analyses impact from a source column to the export", async () => {
    const result = await ingestOpenLineageEvent(handle.db, actor, newsletterEvent());
    expect(result.edges).toBe(2); // job -> export dataset, golden:email -> export column
    const [exportAsset] = await listAssets(handle.db, { query: "mailchimp/newsletter", kind: "export" });
    expect(exportAsset?.qualifiedName).toBe("ol:mailchimp/newsletter");

    const [crmEmail] = await listAssets(handle.db, { query: "source:crm.records.EMail" });
    const impact = await analyzeImpact(handle.db, { assetId: crmEmail!.id });
    expect(impact.impacted.map((i) => [i.qualifiedName, i.depth])).toEqual([
      ["std:email", 1],
      ["golden:email", 2],
      ["ol:mailchimp/newsletter#email", 3],
    ]);
    expect(impact.impacted[1]!.transformation).toBe("survive:most_trusted_source");
    const csv = impactAnalysisCsv(impact).split("\r\n");
    expect(csv[0]).toBe("analysed_asset,impacted_asset,kind,depth,transformation,owner,path");
    expect(csv[3]).toBe(
      "source:crm.records.EMail,ol:mailchimp/newsletter#email,column,3,DIRECT:IDENTITY,,source:crm.records.EMail > std:email > golden:email > ol:mailchimp/newsletter#email",
    );
    // A dataset's impact includes what its columns feed.
    const [crmDataset] = await listAssets(handle.db, { query: "source:crm.records", kind: "dataset" });
    expect(
      (await analyzeImpact(handle.db, { assetId: crmDataset!.id })).impacted.map((i) => i.qualifiedName),
    ).toContain("golden:first_name");

    const focused = await getLineageGraph(handle.db, { focusAssetId: crmEmail!.id });
    const focusedNames = focused.nodes.map((n) => n.qualifiedName);
    expect(focusedNames).toEqual(
      expect.arrayContaining([
        "source:crm",
        "source:crm.records",
        "std:email",
        "golden:email",
        "ol:mailchimp/newsletter#email",
        "ol:mailchimp/newsletter",
      ]),
    );
    expect(focusedNames).not.toContain("golden:city");
  });

  it("ends impact analysis on a cycle and still draws every edge of it", async () => {
    const [golden] = await listAssets(handle.db, { query: "golden:email" });
    const [std] = await listAssets(handle.db, { query: "std:email" });
    await handle.db.insert(lineageEdges).values({
      fromAssetId: golden!.id,
      toAssetId: std!.id,
      transformation: "feedback",
      recordedBy: "user",
    });
    const impact = await analyzeImpact(handle.db, { assetId: std!.id });
    expect(impact.impacted.map((i) => i.qualifiedName)).toEqual([
      "golden:email",
      "ol:mailchimp/newsletter#email",
    ]);
    const graph = await getLineageGraph(handle.db, { focusAssetId: std!.id });
    expect(graph.edges.some((e) => e.from === golden!.id && e.to === std!.id)).toBe(true);
    await handle.db.delete(lineageEdges).where(eq(lineageEdges.transformation, "feedback"));
  });

  it("traces a golden value to its source record, its rule and the values it beat", async () => {
    const lineage = await getValueLineage(handle.db, { profileId, attribute: "email" });
    expect(lineage).toMatchObject({
      value: "ann@crm.example",
      rule: "most_trusted_source",
      source: {
        recordId: crmRecordId,
        sourceName: "crm",
        externalId: "C-1",
        columns: [{ column: "EMail", rawValue: "ann@crm.example" }],
      },
    });
    // The values it beat are the members' own, read from them.
    expect(lineage.candidates.map((c) => [c.sourceName, c.externalId, c.value, c.chosen]).sort()).toEqual([
      ["billing", "B-9", "ann@billing.example", false],
      ["crm", "C-1", "ann@crm.example", true],
    ]);
    expect(lineage.path.map((p) => [p.qualifiedName, p.kind])).toEqual([
      ["source:crm.records.EMail", "column"],
      ["std:email", "standardized_field"],
      ["golden:email", "golden_attribute"],
    ]);
    await expect(getValueLineage(handle.db, { profileId, attribute: "phone" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const masked = await getValueLineage(handle.db, { profileId, attribute: "email" }, { maskPii: true });
    expect(masked.value).not.toBe("ann@crm.example");
    expect(JSON.stringify(masked)).not.toContain("ann@");
    expect(masked.source?.externalId).toBe("C-1");
  });
});
