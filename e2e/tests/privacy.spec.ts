// A data-subject erasure end to end: a person arrives by upload, a governance lead records and verifies an erasure
// request and runs it; the profile and its records are gone, the same file uploaded again does not bring them back,
// and the audit log keeps a tombstone without their personal data.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { keepScreenshot, signInAs } from "./fixtures";

const stamp = Date.now().toString(36);
const source = `web-${stamp}`;
const email = `zephyrine.${stamp}@example.com`;
const csv = `record_id,first_name,last_name,email,phone\nw-${stamp},Zephyrine,Quillfeather${stamp},${email},+1 415 555 0199\n`;

async function upload(page: Page) {
  await page.goto(`/admin/sources/${source}/import`);
  await page
    .getByLabel(/File/)
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  return page.getByRole("status").filter({ hasText: "Done:" });
}

test("an erasure request completes, the person stays gone after a re-import, and the audit keeps a tombstone", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // The admin brings the person in through an upload.
  await signInAs(page, "admin");
  await page.goto("/admin/sources");
  const form = page.getByRole("form", { name: "Add a source" });
  await form.getByLabel("Name", { exact: true }).fill(source);
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status")).toContainText(`Created source ${source}`);
  await expect(await upload(page)).toContainText("1 rows, 1 accepted", { timeout: 150_000 });

  // A governance lead handles the request (privacy:write, no profile:pii).
  const lead = await (await browser.newContext()).newPage();
  await signInAs(lead, "governance_lead");
  await lead.goto("/consent/requests/new");
  const request = lead.getByRole("form", { name: "New privacy request" });
  await request.getByRole("button", { name: "Record request" }).click();
  // Nothing chosen: the browser asks for the kind first; then the server asks who it is about.
  await request.getByLabel("Kind of request").selectOption("erasure");
  await request.getByRole("button", { name: "Record request" }).click();
  await expect(request.getByRole("alert")).toContainText("Say who the request is about");
  await request.getByLabel("Email").fill(email.toUpperCase());
  await request.getByRole("button", { name: "Record request" }).click();
  await expect(lead).toHaveURL(/\/consent\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = lead.url();
  const requestId = requestUrl.split("/").pop()!;
  await expect(lead.getByTestId("request-status")).toHaveText("Received");
  const profileId = (await lead.getByTestId("request-profile").textContent())!.trim();
  expect(profileId).toMatch(/^[0-9a-f-]{36}$/);

  // The same request again is recorded once.
  await lead.goto("/consent/requests/new");
  await request.getByLabel("Kind of request").selectOption("erasure");
  await request.getByLabel("Email").fill(email);
  await request.getByRole("button", { name: "Record request" }).click();
  await expect(request.getByRole("alert")).toContainText(`already has an erasure request open`);
  await expect(request.getByRole("alert")).toContainText(requestId);

  // Open requests against their deadline.
  await lead.goto("/consent/requests");
  const row = lead.locator(`#privacy-requests-${requestId}`);
  await expect(row).toContainText("Erasure");
  await expect(row.getByTestId("deadline")).toHaveText(/\d+ days left/);
  await keepScreenshot(lead, "privacy-requests-list");
  await row.click();
  await expect(lead).toHaveURL(requestUrl);

  // No erasure before identity is verified.
  await expect(lead.getByRole("button", { name: "Erase the subject's data" })).toHaveCount(0);
  const verify = lead.getByRole("form", { name: "Verify identity" });
  await verify.getByLabel("How identity was verified").selectOption("email_confirmation");
  await verify.getByLabel("What was checked").fill("replied from the address on file");
  await verify.getByRole("button", { name: "Record verification" }).click();
  await expect(lead.getByTestId("request-status")).toHaveText("In progress");
  lead.once("dialog", (dialog) => void dialog.accept());
  await lead.getByRole("button", { name: "Erase the subject's data" }).click();
  await expect(lead.getByTestId("request-status")).toHaveText("Completed", { timeout: 60_000 });
  await expect(lead.getByRole("table", { name: "Fulfilment log" })).toContainText("erase_source_records");
  await expect(lead.getByTestId("request-result")).toContainText('"sourceRecordsDeleted": 1');
  await keepScreenshot(lead, "privacy-erasure-completed");

  // The profile and its records are gone: nothing left to show or to find.
  await page.goto(`/profiles?q=${encodeURIComponent(`Quillfeather${stamp}`)}`);
  await expect(page.getByText("No profile matches")).toBeVisible();
  await page.goto(`/profiles/${profileId}`);
  await expect(page.getByRole("heading", { name: "Erased customer" })).toBeVisible();
  await expect(page.getByTestId("profile-erased")).toContainText("erased on");
  await expect(page.locator("main")).not.toContainText(`Quillfeather${stamp}`);
  await expect(page.locator("main")).not.toContainText(email);

  // The same row uploaded again is refused, and does not bring her back.
  await expect(await upload(page)).toContainText("1 rows, 0 accepted, 0 unchanged, 1 rejected", {
    timeout: 150_000,
  });
  await expect(page.getByRole("table", { name: "Rejected rows" })).toContainText("erased subject");
  await keepScreenshot(page, "privacy-reimport-refused");
  await page.goto(`/profiles?q=${encodeURIComponent(`Quillfeather${stamp}`)}`);
  await expect(page.getByText("No profile matches")).toBeVisible();

  // The audit log: a tombstone for the erasure, and no entry that still names her.
  await lead.goto("/consent/audit");
  const filter = lead.getByRole("form", { name: "Filter the audit log" });
  await filter.getByLabel("Action").fill("privacy.erasure");
  await filter.getByRole("button", { name: "Filter" }).click();
  const audit = lead.getByRole("table", { name: "Audit log entries, newest first" });
  await expect(audit).toContainText(`privacy_request:${requestId}`);
  await expect(audit).toContainText('"tombstone":true');
  await keepScreenshot(lead, "privacy-audit-tombstone");
  // The filtered log exports as CSV: the tombstone row, and nothing that names her.
  const [download] = await Promise.all([
    lead.waitForEvent("download"),
    filter.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const exported = readFileSync((await download.path())!, "utf8");
  expect(exported.split("\r\n")[0]).toBe("id,at,actor,action,entity_type,entity_id,details");
  expect(exported).toContain(`privacy.erasure,privacy_request,${requestId}`);
  expect(exported).not.toContain(`Quillfeather${stamp}`);
  expect(exported.toLowerCase()).not.toContain(email);
  await filter.getByLabel("Action").fill("");
  await filter.getByLabel("Text").fill(`Quillfeather${stamp}`);
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(lead.getByTestId("audit-page")).toContainText("0 entries");
  await filter.getByLabel("Text").fill(email);
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(lead.getByTestId("audit-page")).toContainText("0 entries");

  // An analyst has neither consent:write nor privacy:write: every consent and privacy page refuses on the server,
  // and so does the consent endpoint.
  const analyst = await (await browser.newContext()).newPage();
  await signInAs(analyst, "analyst");
  for (const path of [
    "/consent",
    "/consent/requests",
    "/consent/requests/new",
    `/consent/requests/${requestId}`,
    "/consent/audit",
    "/consent/segments",
    `/consent/profiles/${profileId}`,
  ]) {
    await analyst.goto(path);
    await expect(analyst.getByRole("heading", { name: "Not allowed" }), path).toBeVisible();
    await expect(analyst.locator("main"), path).not.toContainText(requestId);
  }
  const refused = await analyst.request.post("/api/v1/consent", {
    data: { subject: { profileId }, purpose: "marketing.email", status: "given" },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: string }).error).toContain("consent:write");
});
