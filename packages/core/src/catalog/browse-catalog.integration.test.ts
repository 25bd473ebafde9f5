// The catalog page's question (issue 25): every kind of asset with owner, terms, effective classification and the
// quality score of the latest run, filtered by search, kind and classification, a page at a time.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@c360/db/schema";
import { systemActor, userActor } from "../actor";
import { createTerm } from "../glossary/create-term";
import { linkTermToAsset } from "../glossary/link-term";
import { decideTerm } from "../glossary/review-term";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { runQualityChecks } from "../quality/run-quality-checks";
import { prepareDatabase } from "../setup/prepare-database";
import { createSource } from "../sources/manage-sources";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { browseCatalog } from "./browse-catalog";
import { listAssets } from "./catalog-assets";

const actor = systemActor("test");

describe("browseCatalog", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await prepareDatabase(handle, { demo: false });
    const source = await createSource(handle.db, actor, {
      name: "crm",
      kind: "crm",
      fieldMapping: { EMail: "email", Vorname: "first_name" },
    });
    await importRecords(handle.db, {
      source,
      rows: rowItems([
        { record_id: "c-1", EMail: "ann@example.com", Vorname: "Ann" },
        { record_id: "c-2", EMail: "not an email", Vorname: "Bob" },
        { record_id: "c-3", EMail: "cy@example.org", Vorname: "Cy" },
      ]),
      origin: "file",
      actor,
      fileName: "crm.csv",
      resolve: null,
    });
    await ensureDemoUsers(handle.db);
    const people = await handle.db.select().from(users);
    const lead = userActor(people.find((u) => u.email === "governance@example.com")!);
    const admin = userActor(people.find((u) => u.email === "admin@example.com")!);
    const term = await createTerm(handle.db, lead, {
      name: "Email address",
      definition: "Where we write to a customer.",
      synonyms: [],
      domain: "Contact",
      classification: ["PII"],
      submit: true,
    });
    await decideTerm(handle.db, admin, { termId: term.id, decision: "approved", comment: "ok" });
    const [golden] = await listAssets(handle.db, { query: "golden:email", kind: "golden_attribute" });
    await linkTermToAsset(handle.db, lead, { termId: term.id, assetId: golden!.id });
  });
  afterAll(async () => handle?.destroy());

  it("lists every kind with counts, and the page's rows in name order", async () => {
    const page = await browseCatalog(handle.db, { pageSize: 500 });
    const kinds = Object.fromEntries(page.kinds.map((k) => [k.kind, k.count]));
    // Columns: the two mapped ones and record_id, found in the stored rows.
    expect(kinds).toMatchObject({ source_system: 1, dataset: 1, column: 3 });
    expect(kinds.golden_attribute).toBeGreaterThan(5);
    expect(page.total).toBe(page.kinds.reduce((n, k) => n + k.count, 0));
    const names = page.rows.map((r) => r.qualifiedName);
    expect(names).toEqual([...names].sort());
    const column = page.rows.find((r) => r.qualifiedName === "source:crm.records.EMail")!;
    expect(column).toMatchObject({ kind: "column", parentName: "crm records" });
  });

  it("filters by kind, by classification from an approved term, and finds assets by a linked term's name", async () => {
    const golden = await browseCatalog(handle.db, { kind: "golden_attribute", classification: "PII" });
    expect(golden.rows.map((r) => r.name)).toEqual(["email"]);
    expect(golden.rows[0]!.terms).toEqual([
      { name: "Email address", slug: "email-address", status: "approved" },
    ]);
    const byTerm = await browseCatalog(handle.db, { query: "email address" });
    expect(byTerm.rows.map((r) => r.qualifiedName)).toEqual(["golden:email"]);
    const unclassified = await browseCatalog(handle.db, { kind: "golden_attribute", classification: "none" });
    expect(unclassified.rows.map((r) => r.name)).not.toContain("email");
    expect(unclassified.rows.length).toBeGreaterThan(0);
    expect(unclassified.rows.every((r) => r.classification.length === 0)).toBe(true);
  });

  it("shows no quality before a run, and the latest run's score per column, dataset and system after one", async () => {
    const before = await browseCatalog(handle.db, { query: "source:crm" });
    expect(before.qualityMeasuredAt).toBeNull();
    expect(before.rows.every((r) => r.quality === null)).toBe(true);
    await runQualityChecks(handle.db, actor);
    const after = await browseCatalog(handle.db, { query: "source:crm" });
    expect(after.qualityMeasuredAt).not.toBeNull();
    const byName = new Map(after.rows.map((r) => [r.qualifiedName, r.quality]));
    // One of three emails is not valid: the email column's validity rule fails part of its rows.
    const email = byName.get("source:crm.records.EMail")!;
    expect(email.rules).toBeGreaterThan(0);
    expect(email.score).toBeLessThan(1);
    expect(byName.get("source:crm")!.rules).toBeGreaterThanOrEqual(email.rules);
    expect(byName.get("source:crm.records")).toEqual(byName.get("source:crm"));
  });

  it("pages through the catalog and names a wrong filter", async () => {
    const first = await browseCatalog(handle.db, { pageSize: 5, page: 1 });
    const second = await browseCatalog(handle.db, { pageSize: 5, page: 2 });
    expect(first.rows).toHaveLength(5);
    expect(second.rows[0]!.qualifiedName > first.rows[4]!.qualifiedName).toBe(true);
    await expect(browseCatalog(handle.db, { kind: "table" as never })).rejects.toThrow(/kind: use one of/);
    await expect(browseCatalog(handle.db, { classification: "secret" as never })).rejects.toThrow(
      /classification: use one of/,
    );
  });
});
