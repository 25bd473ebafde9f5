// The executive's Monday page (issue 25): the briefing on the home page, and every number opening the counts behind
// it, never records or profiles they cannot open.
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

test("an executive opens the briefing: trust score and trend, customers, consent per purpose, each opening its counts", async ({
  page,
}) => {
  await signInAs(page, "executive");
  const briefing = page.getByTestId("executive-briefing");
  await expect(briefing.getByRole("heading", { name: "Briefing" })).toBeVisible();
  // The demo's first quality run is there from the first start.
  await expect(briefing.locator('[data-stat="Data Trust Score"] dd').first()).toHaveText(/^\d{1,3}\.\d$/);
  await expect(briefing.getByRole("figure", { name: "Data Trust Score trend" })).toBeVisible();
  const active = briefing.locator('[data-stat="Active customers"]');
  const count = Number((await active.locator("dd").first().textContent())!.replace(/,/g, ""));
  expect(count).toBeGreaterThan(0);
  await expect(
    briefing.getByRole("list", { name: "Consent coverage" }).getByRole("link").first(),
  ).toBeVisible();
  // The churn model trained at the first start: its risk bands, and a way to how good the model is.
  await expect(briefing.getByRole("list", { name: "Churn risk bands" })).toContainText("High:");
  await expect(
    briefing.getByTestId("churn-risk").getByRole("link", { name: "How good the model is" }),
  ).toBeVisible();
  await keepScreenshot(page, "executive-briefing");

  await active.click();
  await expect(page).toHaveURL(/\/quality\/drill\/golden-profiles/);
  await expect(page.getByTestId("drill-aggregated")).toBeVisible();
  await expect(page.locator('table[data-drill="golden-profiles"] a')).toHaveCount(0);

  await page.goto("/");
  await page.getByRole("list", { name: "Consent coverage" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/quality\/drill\/consent\?key=/);
  await expect(page.getByRole("heading", { name: /Profiles with consent given, by channel/ })).toBeVisible();
});

test("a steward's home keeps the counts of their work, without the briefing", async ({ page }) => {
  await signInAs(page, "steward");
  await expect(page.locator('[data-stat="Golden profiles"]')).toBeVisible();
  await expect(page.getByTestId("executive-briefing")).toHaveCount(0);
  await expect(page.locator('[data-stat="Data Trust Score"]')).toBeVisible();
});
