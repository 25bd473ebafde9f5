// The catalog is kept current by the write paths (issue 21): setup, a new source, a changed mapping and the end of
// a file import register what they bring, so no page has to write while it renders.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { createExport } from "../activation/manage-exports";
import { saveSegment } from "../activation/manage-segments";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { createEventSource } from "../events/events-fixture.testing";
import { importEventFile } from "../events/import-event-file";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { analyzeImpact } from "../lineage/analyze-impact";
import { getLineageGraph } from "../lineage/get-lineage-graph";
import { prepareDatabase } from "../setup/prepare-database";
import { createSource, updateSource } from "../sources/manage-sources";
import { listAssets } from "./catalog-assets";

const actor = systemActor("test");

async function qualifiedNames(handle: TestDatabase, query: string): Promise<string[]> {
  return (await listAssets(handle.db, { query })).map((a) => a.qualifiedName).sort();
}

describe("the catalog kept current by the write paths", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("setup registers the standardized fields and golden attributes before any source exists", async () => {
    expect(await qualifiedNames(handle, "golden:email")).toEqual([]);
    await prepareDatabase(handle, { demo: false });
    expect(await qualifiedNames(handle, "email")).toEqual(["golden:email", "std:email"]);
    const graph = await getLineageGraph(handle.db);
    expect(graph.edges.some((e) => e.transformation.startsWith("survive:"))).toBe(true);
  });

  it("a new source and its mapped columns are in the catalog as soon as it is created", async () => {
    await createSource(handle.db, actor, { name: "crm", kind: "crm", fieldMapping: { EMail: "email" } });
    expect(await qualifiedNames(handle, "source:crm")).toEqual([
      "source:crm",
      "source:crm.records",
      "source:crm.records.EMail",
    ]);
  });

  it("a changed mapping adds its column, and a file import registers the columns it brought", async () => {
    const source = await updateSource(handle.db, actor, {
      name: "crm",
      fieldMapping: { EMail: "email", Vorname: "first_name" },
    });
    expect(await qualifiedNames(handle, "source:crm.records.Vorname")).toEqual([
      "source:crm.records.Vorname",
    ]);
    await importRecords(handle.db, {
      source,
      rows: rowItems([{ record_id: "c-1", EMail: "ann@example.com", Vorname: "Ann", city: "Leeds" }]),
      origin: "file",
      actor,
      resolve: null,
    });
    const city = await qualifiedNames(handle, "source:crm.records.city");
    expect(city).toEqual(["source:crm.records.city"]);
    const graph = await getLineageGraph(handle.db);
    const cityNode = graph.nodes.find((n) => n.qualifiedName === "source:crm.records.city");
    const stdCity = graph.nodes.find((n) => n.qualifiedName === "std:city");
    expect(graph.edges.some((e) => e.from === cityNode?.id && e.to === stdCity?.id)).toBe(true);
  });

  it("an event file import registers its event names and properties", async () => {
    const web = await createEventSource(handle.db, "web");
    await importEventFile(handle.db, {
      source: web,
      rows: rowItems([
        {
          type: "track",
          messageId: "m-1",
          userId: "u-1",
          event: "Order Completed",
          properties: { revenue: 12.5 },
          timestamp: "2026-11-02T10:00:00Z",
        },
      ]),
      actor,
      origin: "file",
    });
    expect(await qualifiedNames(handle, "Order Completed")).toEqual([
      "source:web.events.Order Completed",
      "source:web.events.Order Completed.revenue",
    ]);
  });

  it("an export enters the catalog with its segment and the golden attributes it writes, and a system's impact reaches it", async () => {
    await ensureStandardPurposes(handle.db, actor);
    const segment = await saveSegment(handle.db, actor, {
      name: "Leeds customers",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "leeds" }],
      },
    });
    await createExport(handle.db, actor, {
      name: "Leeds newsletter",
      segmentId: segment.id,
      purposeKey: "marketing.email",
      kind: "csv",
      fields: ["first_name", "email"],
    });
    const [exported] = await listAssets(handle.db, { query: "export:Leeds newsletter" });
    expect(exported).toMatchObject({ kind: "export", classification: ["PII"] });
    const graph = await getLineageGraph(handle.db);
    const idOf = (name: string) => graph.nodes.find((n) => n.qualifiedName === name)?.id;
    const into = graph.edges.filter((e) => e.to === exported!.id).map((e) => e.from);
    expect(into.sort()).toEqual(
      [idOf("golden:email"), idOf("golden:first_name"), idOf("segment:Leeds customers")].sort(),
    );
    // The source system reaches, through its records, columns, standardized fields and golden attributes, the export.
    const [system] = await listAssets(handle.db, { query: "source:crm", kind: "source_system" });
    const impact = await analyzeImpact(handle.db, { assetId: system!.id });
    const reached = impact.impacted.map((a) => a.qualifiedName);
    expect(reached).toContain("golden:first_name");
    expect(reached).toContain("export:Leeds newsletter");
  });
});
