// An admin registers a source, uploads a CSV with the progress bar and the per-row error report, issues a token,
// and the source posts records over REST with it.
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

test("admin creates a source, uploads a CSV, sees progress and the rejected rows, and the token works over REST", async ({
  page,
}) => {
  // New records are resolved on arrival against the seeded demo customers before the summary arrives.
  test.setTimeout(240_000);
  const name = `shop-${Date.now().toString(36)}`;
  await signInAs(page, "admin");
  await page.goto("/admin/sources");
  await expect(page.getByRole("heading", { name: "Sources", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Add a source" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.locator('select[name="kind"]').selectOption("ecommerce");
  await form.getByLabel(/Mapping/).fill("CustomerId=record_id\nMail=email");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status")).toContainText(`Created source ${name}`);

  await page.getByRole("button", { name: `Create the API token of ${name}` }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^c360_/);
  await keepScreenshot(page, "sources-token");

  await page.getByRole("link", { name: `Import a file into ${name}` }).click();
  await expect(page.getByRole("heading", { name: `Import into ${name}` })).toBeVisible();
  const rows = ["CustomerId,first_name,last_name,Mail"];
  for (let i = 0; i < 300; i++) rows.push(`${i === 1 ? "" : `c${i}`},Ann${i},Lee,ann${i}@example.com`);
  await page.getByLabel(/File/).setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(rows.join("\n") + "\n"),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("progressbar", { name: "Upload progress" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Done:" })).toContainText(
    "300 rows, 299 accepted, 0 unchanged, 1 rejected",
    { timeout: 150_000 },
  );
  const report = page.getByRole("table", { name: "Rejected rows" });
  await expect(report.getByRole("row").nth(1)).toContainText("3");
  await expect(report).toContainText("no record id");
  await keepScreenshot(page, "sources-import-report");

  const url = `/api/v1/sources/${name}/records`;
  const body =
    '{"CustomerId":"c5000","Mail":"new@example.com"}\n{"CustomerId":"c0","Mail":"ann0@example.com","first_name":"Ann0","last_name":"Lee"}\n';
  const anonymous = await page.request.post(url, {
    headers: { "content-type": "application/x-ndjson" },
    data: body,
  });
  expect(anonymous.status()).toBe(401);
  const posted = await page.request.post(url, {
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${token}` },
    data: body,
  });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toMatchObject({ accepted: 1, unchanged: 1, rejected: 0 });
});
