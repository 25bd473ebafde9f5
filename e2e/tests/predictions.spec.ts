// Predictions (decision 2301): the demo's first churn model, trained by npm start, on a profile page beside the
// rule-based risk (probability, what moved it, three offers, whether marketing may use them), and its version's
// out-of-time metrics on /quality/predictions for an executive.
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

// The demo data is generated from a fixed seed, so the CRM's record crm-705 is always there.
const KNOWN_RECORD = "crm-705";

test.describe.configure({ mode: "serial" });

test("an analyst sees the churn probability, its reasons and offers beside the rule-based risk", async ({
  page,
}) => {
  await signInAs(page, "analyst");
  await page.goto("/profiles");
  const box = page.getByLabel("Search profiles");
  await box.fill(KNOWN_RECORD);
  await expect(page.locator("#profile-results tbody tr")).toHaveCount(1);
  await page.locator("#profile-results tbody tr a").first().click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);

  await expect(page.getByTestId("churn-risk")).toContainText(/Churn risk: (low|medium|high)/);
  const section = page.getByRole("region", { name: "Churn prediction and next-best offers" });
  await expect(section).toContainText(/Model version 1, trained on this customer base's own history/);
  await expect(section).toContainText(
    /AUC 0\.\d{3}, against 0\.\d{3} for recency alone and 0\.\d{3} for the rule-based risk/,
  );
  await expect(page.getByTestId("churn-probability")).toHaveText(
    /^Churn probability: \d{1,3}% \((low|medium|high)\)$/,
  );
  const reasons = page.getByTestId("prediction-reasons").getByRole("listitem");
  await expect(reasons).toHaveCount(3);
  await expect(reasons.first()).toHaveText(/\((raises|lowers) the risk\)\.$/);
  const offers = page.getByTestId("prediction-offers").getByRole("listitem");
  await expect(offers).toHaveCount(3);
  await expect(offers.first()).toHaveText(
    / — (Bought .+; \d+% of people who bought .+ also bought .+\.|Popular: bought by [\d,]+ of [\d,]+ customers\.)$/,
  );
  await expect(page.getByTestId("offers-consent")).toHaveText(/marketing/);
  await keepScreenshot(page, "profile-prediction");
});

test("an executive sees each model version's out-of-time metrics, calibration and drift", async ({
  page,
}) => {
  await signInAs(page, "executive");
  await page.goto("/quality");
  await page.getByRole("link", { name: "Churn predictions" }).click();
  await expect(page).toHaveURL(/\/quality\/predictions$/);
  const row = page.getByTestId("prediction-model");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("1 (active)");
  await expect(page.getByRole("button", { name: "Retrain now" })).toHaveCount(0); // administrators only
  await expect(row).toContainText(/0\.\d{3}/);
  await expect(page.getByRole("table", { name: "Calibration of version 1" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Feature drift since version 1/ })).toBeVisible();
  await keepScreenshot(page, "predictions-executive");
});

test("an administrator retrains on demand: a new active version appears, the old one stays with its metrics", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await page.goto("/quality/predictions");
  await page.getByRole("button", { name: "Retrain now" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /^Version 2 trained: AUC 0\.\d{3}, \d+ profiles scored\.$/ }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId("prediction-model")).toHaveCount(2);
  await expect(page.locator('[data-testid="prediction-model"][data-version="2"]')).toContainText(
    "2 (active)",
  );
  await expect(page.locator('[data-testid="prediction-model"][data-version="1"]')).not.toContainText(
    "active",
  );
});

test("a lead builds a segment from the trained model's churn bands, and is told when none is chosen", async ({
  page,
}) => {
  await signInAs(page, "governance_lead");
  await page.goto("/consent/segments");
  await page.getByLabel("Condition 1 kind").selectOption("churn");
  const bands = page.getByRole("group", { name: "Condition 1 churn bands" });
  const preview = page.getByTestId("segment-preview");
  await expect(bands.getByLabel("high")).toBeChecked();
  // Every band together: every profile the active model scored.
  await bands.getByLabel("medium").check();
  await bands.getByLabel("low").check();
  await expect(preview).toContainText(/^[1-9][\d,]* profiles match/);
  for (const band of ["high", "medium", "low"]) await bands.getByLabel(band).uncheck();
  await expect(preview).toContainText("choose at least one churn band");
});
