import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { auditLog, catalogAssets, glossaryTerms, users } from "@c360/db/schema";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor, type Actor } from "../actor";
import { getAsset } from "../catalog/catalog-assets";
import { createTerm } from "./create-term";
import { getTerm } from "./get-term";
import { linkTermToAsset } from "./link-term";
import { listTerms } from "./list-terms";
import { proposeTermChange } from "./propose-term-change";
import { decideTerm, deprecateTerm, submitTerm } from "./review-term";
import { exportTermsCsv, importTermsCsv } from "./terms-csv";

describe("business glossary", () => {
  let handle: TestDatabase;
  let lead: Actor;
  let secondLead: Actor;
  let thirdLead: Actor;
  let analyst: Actor;
  let disabledLead: Actor;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const made = await handle.db
      .insert(users)
      .values([
        { email: "lead@test.example", name: "Lead", role: "governance_lead" },
        { email: "second@test.example", name: "Second", role: "governance_lead" },
        { email: "third@test.example", name: "Third", role: "admin" },
        { email: "analyst@test.example", name: "Analyst", role: "analyst" },
        { email: "gone@test.example", name: "Gone", role: "governance_lead", active: false },
      ])
      .returning();
    [lead, secondLead, thirdLead, analyst, disabledLead] = made.map((u) => userActor(u)) as [
      Actor,
      Actor,
      Actor,
      Actor,
      Actor,
    ];
  });
  afterAll(async () => handle?.destroy());

  it("takes a term from draft through review to approval by a second lead, never by its author", async () => {
    const term = await createTerm(handle.db, lead, {
      name: "Email Address",
      definition: "Where we write to a customer.",
      synonyms: ["e-mail"],
      domain: "Contact",
      classification: ["PII"],
    });
    expect(term).toMatchObject({ slug: "email-address", status: "draft" });
    await submitTerm(handle.db, lead, { termId: term.id });
    await expect(
      decideTerm(handle.db, lead, { termId: term.id, decision: "approved" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(
      await decideTerm(handle.db, secondLead, { termId: term.id, decision: "approved", comment: "clear" }),
    ).toMatchObject({ status: "approved", version: 1 });

    // A change to an approved term keeps the approved text until someone else approves the change.
    const proposal = await proposeTermChange(handle.db, secondLead, {
      termId: term.id,
      changes: {
        definition: "The verified address where we write to a customer.",
        synonyms: ["e-mail", "mail"],
      },
      changeNote: "verified only",
    });
    expect(proposal).toMatchObject({ version: 2, status: "in_review" });
    let view = await getTerm(handle.db, "email-address");
    expect(view.content.definition).toBe("Where we write to a customer.");
    expect(view.pendingVersion).toBe(2);
    await expect(
      proposeTermChange(handle.db, lead, { termId: term.id, changes: { domain: "X" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      decideTerm(handle.db, secondLead, { termId: term.id, decision: "approved" }),
    ).rejects.toThrow(/another governance lead/);
    await decideTerm(handle.db, lead, { termId: term.id, decision: "approved" });
    view = await getTerm(handle.db, term.id);
    expect(view).toMatchObject({ status: "approved", currentVersion: 2, pendingVersion: null });
    expect(view.content.definition).toMatch(/verified/);
    expect(view.versions[0]).toMatchObject({
      version: 2,
      changedBy: "second@test.example",
      changeNote: "verified only",
    });
    expect(view.versions[0]!.changes.map((c) => c.field)).toEqual(["definition", "synonyms"]);
    expect(view.versions[0]!.decisions).toEqual([
      expect.objectContaining({ reviewer: "lead@test.example", decision: "approved" }),
    ]);

    // A rejected change leaves the approved text in force.
    await proposeTermChange(handle.db, lead, { termId: term.id, changes: { name: "Mail" } });
    expect(await decideTerm(handle.db, thirdLead, { termId: term.id, decision: "rejected" })).toMatchObject({
      status: "approved",
    });
    expect((await getTerm(handle.db, term.id)).name).toBe("Email Address");

    await deprecateTerm(handle.db, thirdLead, { termId: term.id, reason: "Use Contact Email" });
    await expect(
      proposeTermChange(handle.db, lead, { termId: term.id, changes: { domain: "X" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const actions = (
      await handle.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(like(auditLog.action, "glossary.%"))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "glossary.term_create",
        "glossary.term_submit",
        "glossary.term_approve",
        "glossary.term_propose",
        "glossary.term_reject",
        "glossary.term_deprecate",
      ]),
    );
  });

  it("lets only the named reviewers approve, refuses loops and duplicates, and names the field", async () => {
    const parent = await createTerm(handle.db, lead, {
      name: "Customer",
      definition: "A person who buys.",
      submit: true,
      reviewerIds: [thirdLead.userId!],
    });
    await expect(
      decideTerm(handle.db, secondLead, { termId: parent.id, decision: "approved" }),
    ).rejects.toThrow(/not one of them/);
    await decideTerm(handle.db, thirdLead, { termId: parent.id, decision: "approved" });
    const child = await createTerm(handle.db, lead, {
      name: "Customer Email",
      parentId: parent.id,
      relatedTermIds: [parent.id],
    });
    await expect(
      proposeTermChange(handle.db, lead, { termId: parent.id, changes: { parentId: child.id } }),
    ).rejects.toThrow(/parentId/);
    await expect(createTerm(handle.db, secondLead, { name: "customer" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(createTerm(handle.db, lead, { name: "  " })).rejects.toThrow(/name/);
    const view = await getTerm(handle.db, parent.id);
    expect(view.children.map((c) => c.name)).toEqual(["Customer Email"]);
    // History names people and terms, and a new term's diff lists only what it says.
    expect(view.versions.at(-1)!.changes).toEqual([
      { field: "name", before: null, after: "Customer" },
      { field: "definition", before: null, after: "A person who buys." },
      { field: "reviewerIds", before: null, after: ["third@test.example"] },
    ]);
    expect(
      (await getTerm(handle.db, child.id)).versions.at(-1)!.changes.find((c) => c.field === "parentId")
        ?.after,
    ).toBe("Customer");
  });

  it("refuses reviewers who could never approve: no glossary:write, or a disabled account", async () => {
    for (const reviewer of [analyst, disabledLead]) {
      await expect(
        createTerm(handle.db, lead, {
          name: `Reviewed by ${reviewer.label}`,
          submit: true,
          reviewerIds: [reviewer.userId!],
        }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining(`${reviewer.label} cannot approve terms`),
        details: { field: "reviewerIds" },
      });
    }
    const term = await createTerm(handle.db, lead, {
      name: "Loyalty Tier",
      definition: "Bronze, silver, gold.",
    });
    await expect(
      proposeTermChange(handle.db, lead, { termId: term.id, changes: { reviewerIds: [analyst.userId!] } }),
    ).rejects.toThrow(/cannot approve terms/);
    const imported = await importTermsCsv(handle.db, lead, {
      csv: "name,reviewers\nChurn Risk,analyst@test.example\n",
    });
    expect(imported.errors).toEqual([
      { row: 2, reason: expect.stringContaining("reviewers: analyst@test.example cannot approve terms") },
    ]);
  });

  it("finds terms by name, synonym and definition", async () => {
    expect((await listTerms(handle.db, { query: "mail" })).map((t) => t.name)).toEqual(
      expect.arrayContaining(["Email Address", "Customer Email"]),
    );
    expect((await listTerms(handle.db, { query: "buys" })).map((t) => t.name)).toEqual(["Customer"]);
    expect((await listTerms(handle.db, { status: "approved" })).map((t) => t.name)).toEqual(["Customer"]);
  });

  it("flows an approved term's classification to the catalog fields linked to it", async () => {
    const [asset] = await handle.db
      .insert(catalogAssets)
      .values({
        kind: "golden_attribute",
        qualifiedName: "golden:email",
        name: "email",
        registeredBy: "platform",
      })
      .returning();
    const term = await createTerm(handle.db, lead, {
      name: "Golden Email",
      classification: ["PII", "sensitive"],
      submit: true,
    });
    await linkTermToAsset(handle.db, lead, { termId: term.id, assetId: asset!.id });
    expect((await getAsset(handle.db, asset!.id)).effectiveClassification).toEqual([]);
    await decideTerm(handle.db, secondLead, { termId: term.id, decision: "approved" });
    const linked = await getAsset(handle.db, asset!.id);
    expect(linked.effectiveClassification).toEqual(["PII", "sensitive"]);
    expect(linked.terms.map((t) => t.name)).toEqual(["Golden Email"]);
    expect((await getTerm(handle.db, term.id)).links.map((l) => l.qualifiedName)).toEqual(["golden:email"]);
  });

  it("imports CSV rows as drafts or in review, reporting unknown columns and duplicates row by row", async () => {
    const bad = await importTermsCsv(handle.db, lead, { csv: "name,definition,colour\nA,b,red\n" });
    expect(bad.errors).toEqual([{ row: 1, reason: expect.stringContaining('"colour"') }]);
    expect(bad.imported).toEqual([]);

    const csv = [
      "name,definition,synonyms,domain,parent,owner,reviewers,classification,status,related",
      "Phone Number,How we call them,phone; mobile,Contact,Customer,lead@test.example,second@test.example,PII,approved,Email Address",
      "Mobile Phone,A cell phone,,Contact,Phone Number,,,,draft,",
      "phone number,again,,,,,,,,",
      "Customer,dup of existing,,,,,,,,",
      "Fax,,,,,nobody@test.example,,secret,weird,",
    ].join("\n");
    const result = await importTermsCsv(handle.db, lead, { csv });
    expect(result.imported).toEqual([
      { row: 2, name: "Phone Number", status: "in_review" },
      { row: 3, name: "Mobile Phone", status: "draft" },
    ]);
    expect(result.errors.map((e) => e.row)).toEqual([4, 5, 6]);
    expect(result.errors[0]!.reason).toMatch(/also on row 2/);
    expect(result.errors[1]!.reason).toMatch(/already exists/);
    expect(result.errors[2]!.reason).toMatch(/owner: no user nobody@test.example.*classification.*status/);
    expect(result.notes).toEqual([{ row: 2, note: expect.stringMatching(/in review/) }]);
    const phone = await getTerm(handle.db, "phone-number");
    expect(phone).toMatchObject({
      status: "in_review",
      owner: { email: "lead@test.example" },
      parent: { name: "Customer" },
    });
    expect(phone.related.map((r) => r.name)).toEqual(["Email Address"]);
    expect((await getTerm(handle.db, "mobile-phone")).parent?.name).toBe("Phone Number");
    // The importer cannot approve what it imported.
    await expect(
      decideTerm(handle.db, lead, { termId: phone.id, decision: "approved" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const exported = await exportTermsCsv(handle.db);
    const lines = exported.trim().split("\r\n");
    expect(lines[0]).toBe(
      "name,definition,synonyms,domain,parent,owner,reviewers,classification,related,status",
    );
    expect(lines.find((l) => l.startsWith("Phone Number"))).toBe(
      "Phone Number,How we call them,phone; mobile,Contact,Customer,lead@test.example,second@test.example,PII,Email Address,in_review",
    );
    // Exported terms import back as duplicates, never as a second copy.
    const again = await importTermsCsv(handle.db, lead, { csv: exported });
    expect(again.imported).toEqual([]);
    expect(again.errors.every((e) => /already exists/.test(e.reason))).toBe(true);
    expect(
      (await handle.db.select().from(glossaryTerms).where(eq(glossaryTerms.slug, "phone-number"))).length,
    ).toBe(1);
  });
});
