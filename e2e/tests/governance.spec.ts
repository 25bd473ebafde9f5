// Governance end to end: a term proposed by one lead and approved by another, linked to the golden email; the
// lineage graph from each source's email column to the golden attribute and on to an export posted as an
// OpenLineage event; impact analysis of a source column, downloaded as CSV.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { keepScreenshot, signInAs, type DemoRole } from "./fixtures";

async function pageFor(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, role);
  return page;
}

const newsletterEvent = {
  eventType: "COMPLETE",
  eventTime: "2026-01-02T03:04:05.000Z",
  run: { runId: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
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
          fields: { email: { inputFields: [{ namespace: "c360", name: "golden", field: "email" }] } },
        },
      },
    },
  ],
};

test("a lead proposes a term, a second lead approves it and links it to the golden email", async ({
  browser,
}) => {
  const name = `Customer Email ${Date.now().toString(36)}`;
  const lead = await pageFor(browser, "governance_lead");
  await lead.goto("/glossary");
  await lead.getByLabel("Name").fill(name);
  await lead.getByLabel("Definition").fill("The address we write to a customer at, chosen by survivorship.");
  await lead.getByLabel("PII").check();
  await lead.getByRole("button", { name: "Propose term" }).click();
  await expect(lead.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(lead.getByTestId("term-status")).toHaveText("in review");
  await expect(lead.getByText("You proposed this version")).toBeVisible();
  await expect(lead.getByRole("button", { name: "Approve" })).toHaveCount(0);
  const termUrl = lead.url();
  await keepScreenshot(lead, "governance-term-proposed");

  const admin = await pageFor(browser, "admin");
  await admin.goto(termUrl);
  await admin.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByTestId("term-status")).toHaveText("approved");
  await expect(admin.getByTestId("version-1")).toContainText("approved by admin@example.com");
  // The catalog was registered at setup: the golden attribute can be linked without anyone opening Lineage first.
  await admin.goto(termUrl);
  await admin.getByLabel("Link to a catalog field").fill("golden:email");
  await admin.getByRole("button", { name: "Link golden:email" }).click();
  await expect(admin.getByRole("list", { name: "Linked catalog fields" })).toContainText("golden:email");
  await keepScreenshot(admin, "governance-term-approved-linked");

  await lead.goto(`/glossary?q=${encodeURIComponent(name)}`);
  await expect(lead.getByRole("table", { name: "Glossary terms" })).toContainText(name);
});

test("lineage shows email from each source to the golden attribute and an export; impact analysis lists the export", async ({
  browser,
}) => {
  const lead = await pageFor(browser, "governance_lead");
  await lead.goto("/lineage");
  await expect(lead.getByTestId("lineage-graph")).toBeVisible();

  const malformed = await lead.request.post("/api/v1/lineage", {
    data: { ...newsletterEvent, run: { runId: "nope" } },
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error).toContain("run.runId");
  const anonymous = await lead.context().browser()!.newContext();
  expect(
    (
      await anonymous.request.post(`${new URL(lead.url()).origin}/api/v1/lineage`, { data: newsletterEvent })
    ).status(),
  ).toBe(401);
  const posted = await lead.request.post("/api/v1/lineage", { data: newsletterEvent });
  expect(posted.status()).toBe(201);

  await lead.reload();
  await lead.getByLabel("Find an asset").fill("golden:email");
  await lead
    .getByRole("list", { name: "Matching assets" })
    .getByRole("button", { name: /golden:email/ })
    .click();
  await lead.getByRole("button", { name: "Expand all datasets" }).click();
  const graph = lead.getByTestId("lineage-graph");
  for (const source of ["crm", "billing", "support", "marketing", "ecommerce"]) {
    await expect(graph.locator(`[data-qualified-name="source:${source}.records.email"]`)).toBeVisible();
  }
  await expect(graph.locator('[data-qualified-name="std:email"]')).toBeVisible();
  await expect(graph.locator('[data-qualified-name="golden:email"]')).toBeVisible();
  await expect(graph.locator('[data-qualified-name="ol:mailchimp/newsletter#email"]')).toBeVisible();
  // Selected, golden:email keeps its whole lineage lit: what feeds it as well as what it feeds.
  await expect(graph.locator('[data-qualified-name="golden:email"]')).toHaveAttribute("opacity", "1");
  await expect(graph.locator('[data-qualified-name="source:crm.records.email"]')).toHaveAttribute(
    "opacity",
    "1",
  );
  await expect(graph.locator('[data-qualified-name="std:email"]')).toHaveAttribute("opacity", "1");
  await keepScreenshot(lead, "governance-lineage-email");

  await lead.getByLabel("Find an asset").fill("source:crm.records.email");
  await lead
    .getByRole("list", { name: "Matching assets" })
    .getByRole("button", { name: /source:crm\.records\.email/ })
    .click();
  const impacted = lead.getByRole("list", { name: "Impacted assets" });
  await expect(impacted).toContainText("std:email");
  await expect(impacted).toContainText("golden:email");
  await expect(impacted).toContainText("ol:mailchimp/newsletter#email");
  const download = lead.waitForEvent("download");
  await lead.getByRole("button", { name: "Download impact CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^impact-source-crm-records-email\.csv$/);
  await keepScreenshot(lead, "governance-impact-analysis");
});
