// Shared steps: sign in as a demo role, keep a screenshot as an artifact.
import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

export const demoPassword = "c360-demo";
export const demoEmails = {
  admin: "admin@example.com",
  steward: "steward@example.com",
  governance_lead: "governance@example.com",
  analyst: "analyst@example.com",
  executive: "executive@example.com",
} as const;
export type DemoRole = keyof typeof demoEmails;

export async function signIn(page: Page, email: string, password = demoPassword, path = "/") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInAs(page: Page, role: DemoRole) {
  await signIn(page, demoEmails[role]);
  await expect(page.getByTestId("current-user")).toBeVisible();
}

const artifacts = new URL("../artifacts/", import.meta.url).pathname;
export async function keepScreenshot(page: Page, name: string) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** An admin adds an e-commerce source in the portal and creates its API token; returns the token. */
export async function createSourceWithToken(page: Page, name: string): Promise<string> {
  await page.goto("/admin/sources");
  const form = page.getByRole("form", { name: "Add a source" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.locator('select[name="kind"]').selectOption("ecommerce");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status")).toContainText(`Created source ${name}`);
  await page.getByRole("button", { name: `Create the API token of ${name}` }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^c360_/);
  return token;
}
