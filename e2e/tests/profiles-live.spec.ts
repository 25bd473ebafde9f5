// Live profile: a profile open in Chromium shows a record that arrives for that person over REST, without a
// reload (server-sent events fed by PostgreSQL LISTEN/NOTIFY from resolution on arrival).
import { expect, test } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

// The demo data is generated from a fixed seed, so the CRM's record crm-705 is always there.
const KNOWN_RECORD = "crm-705";

test("a profile open in the browser shows a record posted for that person without a reload", async ({
  page,
}) => {
  // The posted record is resolved on arrival against the seeded customers before the page hears of it.
  test.setTimeout(180_000);
  const source = `live-${Date.now().toString(36)}`;
  await signInAs(page, "admin");

  // A source of its own (canonical column names, no mapping) and its API token.
  await page.goto("/admin/sources");
  const form = page.getByRole("form", { name: "Add a source" });
  await form.getByLabel("Name", { exact: true }).fill(source);
  await form.locator('select[name="kind"]').selectOption("support");
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status")).toContainText(`Created source ${source}`);
  await page.getByRole("button", { name: `Create the API token of ${source}` }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^c360_/);

  // Open the customer and read who they are (the admin sees the clear values).
  await page.goto(`/profiles?q=${KNOWN_RECORD}`);
  await page.locator("#profile-results tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  const profileUrl = new URL(page.url()).pathname;
  const members = page.getByRole("region", { name: /Source records/ });
  await expect(members).toContainText(KNOWN_RECORD);
  const value = async (attribute: string) =>
    ((await page.getByTestId(`golden-${attribute}`).getByRole("button").textContent()) ?? "").trim();
  const person = {
    first_name: await value("first_name"),
    last_name: await value("last_name"),
    email: await value("email"),
    phone: await value("phone"),
  };
  expect(person.email).toContain("@");
  expect(person.phone).toMatch(/^\+\d{8,}$/);
  const countBefore = Number(
    /\((\d+)\)/.exec((await members.getByRole("heading").first().textContent()) ?? "")?.[1],
  );
  expect(countBefore).toBeGreaterThan(0);

  // The page is subscribed before the record is sent; a marker on window proves there is no reload after it.
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await page.evaluate(() => Object.assign(window, { c360NoReload: true }));

  const externalId = `${source}-1`;
  const posted = await page.request.post(`/api/v1/sources/${source}/records`, {
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${token}` },
    data: JSON.stringify({ record_id: externalId, ...person }) + "\n",
  });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toMatchObject({ accepted: 1, rejected: 0 });

  await expect(members).toContainText(externalId, { timeout: 60_000 });
  await expect(members.getByRole("heading").first()).toContainText(`Source records (${countBefore + 1})`);
  await expect(page.getByTestId("live-status")).toHaveText("● Updated just now");
  expect(new URL(page.url()).pathname).toBe(profileUrl);
  expect(await page.evaluate(() => (window as unknown as { c360NoReload?: boolean }).c360NoReload)).toBe(
    true,
  );
  await members.scrollIntoViewIfNeeded();
  await keepScreenshot(page, "profile-live-update");
});
