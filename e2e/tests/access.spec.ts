// Each demo role signs in, sees only its sections, and is refused the others on the server.
import { expect, test } from "@playwright/test";
import { demoEmails, keepScreenshot, signIn, signInAs, type DemoRole } from "./fixtures";

const allSections = [
  "Profiles",
  "Stewardship",
  "Glossary",
  "Catalog",
  "Lineage",
  "Consent",
  "Quality",
  "Triggers",
  "Admin",
] as const;
const hrefOf = (label: string) => `/${label.toLowerCase()}`;

const visible: Record<DemoRole, (typeof allSections)[number][]> = {
  admin: [...allSections],
  steward: ["Profiles", "Stewardship", "Glossary", "Catalog", "Lineage", "Quality"],
  governance_lead: ["Profiles", "Glossary", "Catalog", "Lineage", "Consent", "Quality", "Triggers"],
  analyst: ["Profiles", "Glossary", "Catalog", "Lineage", "Quality"],
  executive: ["Glossary", "Catalog", "Lineage", "Quality"],
};

for (const role of Object.keys(demoEmails) as DemoRole[]) {
  test(`${role} sees only its sections and is refused the others`, async ({ page }) => {
    await signInAs(page, role);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(visible[role]);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    // the overview shows live counts: five demo users exist, so the platform is not empty
    await expect(page.locator('[data-stat="Golden profiles"]')).toBeVisible();
    await keepScreenshot(page, `overview-${role}`);

    for (const section of allSections) {
      const response = await page.goto(hrefOf(section));
      if (visible[role].includes(section)) {
        expect(response?.status(), section).toBe(200);
        await expect(page.getByRole("heading", { name: "Not allowed" })).toHaveCount(0);
        await expect(nav.getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
      } else {
        // Refused by the server with 403, inside the portal's frame, naming what was needed.
        expect(response?.status(), section).toBe(403);
        await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        await expect(page.getByText(/This page needs the .+ permission/)).toBeVisible();
        await expect(nav).toBeVisible();
        await keepScreenshot(page, `refused-${role}-${section.toLowerCase()}`);
      }
    }
  });
}

test("an API call without the permission is refused by the server, not only hidden", async ({ page }) => {
  await signInAs(page, "analyst");
  const response = await page.request.get("/api/trpc/admin.listUsers");
  expect(response.status()).toBe(403);
  const anonymous = await page.context().browser()!.newContext();
  const anonymousResponse = await anonymous.request.get(
    `${test.info().project.use.baseURL}/api/trpc/admin.listUsers`,
  );
  expect(anonymousResponse.status()).toBe(401);
  await anonymous.close();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, demoEmails.steward, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await keepScreenshot(page, "signin-wrong-password");
});

test("a visitor without a session is sent to sign in and then back to the page asked for", async ({
  page,
}) => {
  await signIn(page, demoEmails.steward, undefined, "/stewardship");
  await expect(page).toHaveURL(/\/stewardship$/);
  await expect(page.getByRole("heading", { name: "Stewardship", level: 1 })).toBeVisible();
});

test("an expired session says so on the sign-in page", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "next-auth.session-token", value: "expired-or-forged", url: baseURL! }]);
  await page.goto("/quality");
  await expect(page).toHaveURL(/reason=expired/);
  await expect(page.getByRole("alert").filter({ hasText: "Your session has expired" })).toBeVisible();
});

test("an admin adds a user who can then sign in with the new role; signing out ends the session", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await page.goto("/admin");
  const email = `new.analyst.${Date.now()}@example.com`;
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Name").fill("New Analyst");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("analyst");
  await form.getByLabel("Initial password").fill("a-long-password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText(`Created ${email}`);
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();
  await keepScreenshot(page, "admin-users");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, "a-long-password");
  await expect(page.getByTestId("current-user")).toContainText("Business analyst");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("pages are usable by keyboard: skip link first, then the navigation", async ({ page }) => {
  await signInAs(page, "steward");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeVisible();
  await expect(page.getByRole("banner")).toBeVisible();
});
