// Consent end to end: a governance lead finds a person, records their email-marketing consent, builds a segment
// that holds them and a CSV export for that purpose; after the lead withdraws the consent (one click, like giving
// it), the very next export leaves the person out. A Global Privacy Control request over REST is recorded as an
// opt-out of sale and sharing.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { keepScreenshot, signInAs } from "./fixtures";

async function runCsvExport(page: Page, exportName: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: `Run export ${exportName}` }).click(),
  ]);
  return readFileSync((await download.path())!, "utf8");
}

test("a lead records consent, withdraws it, and the next export leaves the person out", async ({
  page,
  playwright,
  baseURL,
}) => {
  const suffix = Date.now().toString(36);
  await signInAs(page, "governance_lead");

  // Find a demo person (a deterministic demo record) and open their consent.
  await page.goto("/consent?q=crm-142");
  await page.getByRole("list", { name: "People found" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Consent of");
  const profileId = page.url().split("/").pop()!;
  // The demo person (deterministic data) is Patricia Dean: the segment is everyone with her golden last name.
  const lastName = (await page.getByRole("heading", { level: 1 }).textContent())!.trim().split(/\s+/).pop()!;
  const emailRow = page.getByTestId("consent-marketing.email-email");

  // Record consent (if the demo ledger already holds it, record it again after a withdrawal: the latest wins).
  if ((await emailRow.getByTestId("consent-status").textContent())?.trim() === "given") {
    await emailRow.getByRole("button", { name: "Withdraw marketing.email email" }).click();
    await expect(emailRow.getByTestId("consent-status")).toHaveText("withdrawn");
  }
  await emailRow.getByRole("button", { name: "Give marketing.email email" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Recorded: marketing.email (email) given." }),
  ).toBeVisible();
  await expect(emailRow.getByTestId("consent-status")).toHaveText("given");
  await expect(page.getByRole("table", { name: "Consent history" })).toContainText("steward");
  await keepScreenshot(page, "consent-given");

  // A segment holding the person and a CSV export of it for email marketing.
  await page.goto("/consent/segments");
  await page.getByLabel("Segment name").fill(`Family ${lastName} ${suffix}`);
  await page.getByLabel("Condition 1 attribute").selectOption("last_name");
  await page.getByLabel("Condition 1 operator").selectOption("equals");
  await page.getByLabel("Condition 1 value").fill(lastName);
  await expect(page.getByTestId("segment-preview")).toContainText(
    /[1-9][\d,]* profiles match; [1-9][\d,]* with consent for marketing\.email/,
  );
  // Conditions on interactions reach the same query: nobody made a hundred thousand purchases last month.
  await page.getByRole("button", { name: "Add condition" }).click();
  await page.getByLabel("Condition 2 kind").selectOption("interactions");
  await page.getByLabel("Condition 2 at least").fill("100000");
  await expect(page.getByTestId("segment-preview")).toContainText(/^0 profiles match/);
  await page
    .getByRole("listitem", { name: "Condition 2", exact: true })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(page.getByTestId("segment-preview")).toContainText(
    /[1-9][\d,]* profiles match; [1-9][\d,]* with consent for marketing\.email/,
  );
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "saved" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Saved segments" })).toContainText(
    `Family ${lastName} ${suffix}`,
  );

  const exportName = `Newsletter ${suffix}`;
  const form = page.getByRole("form", { name: "New export" });
  await form.getByLabel("Export name").fill(exportName);
  await form.getByLabel("Segment").selectOption({ label: `Family ${lastName} ${suffix}` });
  await form.getByLabel("Purpose").selectOption("marketing.email");
  await form.getByLabel("Delivery").selectOption("csv");
  await form.getByRole("button", { name: "Create export" }).click();
  await expect(page.getByTestId(`export-${exportName}`)).toBeVisible();

  const before = await runCsvExport(page, exportName);
  expect(before.split("\r\n")[0]).toBe("profile_id,first_name,last_name,email");
  expect(before).toContain(profileId);
  await expect(page.getByRole("status").filter({ hasText: "Export done" })).toBeVisible();
  await keepScreenshot(page, "consent-export-includes");

  // Withdraw: one click, like giving.
  await page.goto(`/consent/profiles/${profileId}`);
  await emailRow.getByRole("button", { name: "Withdraw marketing.email email" }).click();
  await expect(emailRow.getByTestId("consent-status")).toHaveText("withdrawn");
  await keepScreenshot(page, "consent-withdrawn");

  // The very next export leaves the person out, and its run says one more was kept back.
  await page.goto("/consent/segments");
  const after = await runCsvExport(page, exportName);
  expect(after).not.toContain(profileId);
  expect(after.split("\r\n").length).toBe(before.split("\r\n").length - 1);
  const runs = page.getByRole("table", { name: `Runs of ${exportName}` });
  await expect(runs.getByRole("row")).toHaveCount(3);
  await keepScreenshot(page, "consent-export-excludes");

  // Global Privacy Control over REST: the signal alone records a refusal of sale and sharing.
  const anonymous = await playwright.request.newContext({ baseURL });
  expect(
    (
      await anonymous.post("/api/v1/consent", {
        data: { subject: { profileId }, purpose: "marketing.email", status: "given" },
      })
    ).status(),
  ).toBe(401);
  const gpc = await page.request.post("/api/v1/consent", {
    headers: { "Sec-GPC": "1" },
    data: { subject: { profileId } },
  });
  expect(gpc.status()).toBe(201);
  expect(
    ((await gpc.json()) as { gpc: { purposeKey: string }[] }).gpc.map((e) => e.purposeKey).sort(),
  ).toEqual(["sale.personal_data", "sharing.third_party"]);
  // The same submission twice (a form posted again, no Idempotency-Key) is recorded once.
  const analytics = {
    subject: { profileId },
    purpose: "analytics.profiling",
    status: "refused",
    method: "web_form",
  };
  const once = await page.request.post("/api/v1/consent", { data: analytics });
  const twice = await page.request.post("/api/v1/consent", { data: analytics });
  expect([once.status(), twice.status()]).toEqual([201, 200]);
  const [first, second] = await Promise.all(
    [once, twice].map(
      async (r) => ((await r.json()) as { events: { eventId: number; duplicate: boolean }[] }).events[0]!,
    ),
  );
  expect([first!.duplicate, second!.duplicate]).toEqual([false, true]);
  expect(second!.eventId).toBe(first!.eventId);
  const unknown = await page.request.post("/api/v1/consent", {
    data: { subject: { profileId }, purpose: "marketing.pigeon", status: "given" },
  });
  expect(unknown.status()).toBe(400);
  expect(((await unknown.json()) as { error: string }).error).toContain(
    "Unknown consent purpose marketing.pigeon",
  );
  await page.goto(`/consent/profiles/${profileId}`);
  await expect(page.getByTestId("consent-sale.personal_data-any").getByTestId("consent-status")).toHaveText(
    "refused",
  );
  await expect(page.getByTestId("consent-sharing.third_party-any").getByTestId("consent-status")).toHaveText(
    "refused",
  );
  await keepScreenshot(page, "consent-gpc");
});
