// The catalog as a governance lead uses it (issue 25): every asset of the demo with owners, glossary terms,
// classification and quality; filtered to personal data; an asset opened in the lineage graph.
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

test("a lead finds the personal golden attributes in the catalog, with terms and quality, and opens one in lineage", async ({
  page,
}) => {
  await signInAs(page, "governance_lead");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Catalog" })).toBeVisible();
  // The demo's first quality run scores the assets from the first start.
  await expect(page.getByTestId("catalog-summary")).toContainText("quality from the run of");
  const table = page.getByRole("table", { name: "Catalog assets" });
  await expect(table.locator('[data-asset="source:crm"]')).toContainText("Source system");

  await page.getByLabel("Kind").selectOption("golden_attribute");
  await page.getByLabel("Classification").selectOption("PII");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/kind=golden_attribute/);
  const email = table.locator('[data-asset="golden:email"]');
  await expect(email).toContainText("Email address");
  await expect(email).toContainText("PII");
  await expect(email).toContainText("%");
  // Only personal attributes are listed: nothing unclassified.
  await expect(table.getByText("unclassified")).toHaveCount(0);
  await keepScreenshot(page, "catalog-golden-pii");

  await email.getByRole("link", { name: "email", exact: true }).click();
  await expect(page).toHaveURL(/\/lineage\?asset=/);
  await expect(page.locator("#asset-heading")).toHaveText("golden:email");
});

test("an unknown filter value is ignored and a search that matches nothing says so", async ({ page }) => {
  await signInAs(page, "executive");
  const response = await page.goto("/catalog?kind=table&q=zz-no-such-asset-zz");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("table", { name: "Catalog assets" })).toContainText("No asset matches");
});
