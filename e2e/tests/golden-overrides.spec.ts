// Steward overrides: a steward fixes a golden value inline with a note, sees it badged with who, when and why,
// an analyst sees the badge but no controls, and the steward clears it back to what the sources say.
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

test("a steward overrides a golden value with a note and clears it; an analyst gets no controls", async ({
  page,
  browser,
}) => {
  await signInAs(page, "steward");
  await page.goto("/profiles");
  await page.locator("#profile-results tbody a").first().click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  const profileUrl = new URL(page.url()).pathname;

  const firstName = page.getByTestId("golden-first_name");
  // The value's one button is its provenance popover; the steward's controls sit beside it.
  await expect(firstName.getByRole("button")).toHaveCount(1);
  const original = (await firstName.getByRole("button").innerText()).trim();
  await page.getByRole("button", { name: /^Override first name$/i }).click();
  await page.getByTestId("override-value-first_name").fill("Zephyrine");
  await page.getByTestId("override-note-first_name").fill("Customer asked for her preferred name (e2e)");
  await page.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByTestId("override-first_name")).toContainText("steward@example.com");
  await expect(page.getByTestId("override-first_name")).toContainText(
    "Customer asked for her preferred name (e2e)",
  );
  await expect(firstName).toContainText("Zephyrine");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Zephyrine");
  await keepScreenshot(page, "golden-override-set");

  // A value the engine cannot read is refused with the reason, and nothing changes.
  // The profile either has a phone (override it) or not (add one): both paths must refuse the same way.
  const hasPhone = (await page.getByTestId("golden-phone").count()) > 0;
  if (hasPhone) await page.getByRole("button", { name: /^Override phone$/i }).click();
  else await page.getByTestId("override-add-field").selectOption("phone");
  await page.getByTestId("override-value-phone").fill("call me maybe");
  await page.getByTestId("override-note-phone").fill("typo test (e2e)");
  await page.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is not a valid phone" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("override-value-phone")).toHaveCount(0);

  const analystContext = await browser.newContext();
  const analyst = await analystContext.newPage();
  await signInAs(analyst, "analyst");
  await analyst.goto(profileUrl);
  await expect(analyst.getByTestId("override-first_name")).toContainText("steward@example.com");
  await expect(analyst.getByRole("button", { name: /^Override/ })).toHaveCount(0);
  await expect(analyst.getByRole("button", { name: /^Clear the override/ })).toHaveCount(0);
  await analystContext.close();

  await page.getByRole("button", { name: /^Clear the override of first name$/i }).click();
  await expect(page.getByTestId("override-first_name")).toHaveCount(0);
  await expect(firstName).toContainText(original);
});
