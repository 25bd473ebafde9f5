// Stewardship: the steward opens the review queue, compares a pair with its waterfall of match weights, merges it
// with a note, and then undoes the merge; the two profiles are separate again afterwards.
import { expect, test, type Page } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The address a profile page settles on: a merged profile's page redirects to the profile that absorbed it. */
async function settledProfileUrl(page: Page, profileId: string) {
  await page.goto(`/profiles/${profileId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

test("a steward merges a pair from the queue with a note and undoes it", async ({ page }) => {
  await signInAs(page, "steward");
  await page.goto("/stewardship");
  const queue = page.locator("#review-queue");
  await expect(queue.locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("queue-total")).not.toHaveText(/^0 tasks/);
  await keepScreenshot(page, "stewardship-queue");

  // The keyboard moves through the queue and Enter opens the active task.
  await queue.locator("tbody a").first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/stewardship/tasks/${UUID}$`));
  const taskUrl = new URL(page.url()).pathname;

  await expect(page.getByTestId("match-waterfall")).toBeVisible();
  await expect(page.getByTestId("match-waterfall")).toContainText("match probability");
  await expect(page.getByTestId("compare-records").locator("tbody tr").first()).toBeVisible();
  const profileLinks = page.getByTestId("task-profile-link");
  const profileIds = await profileLinks.evaluateAll((links) =>
    links.map((a) => (a as HTMLAnchorElement).pathname.split("/").pop()!),
  );
  expect(new Set(profileIds).size).toBeGreaterThanOrEqual(2);
  await keepScreenshot(page, "stewardship-compare-waterfall");

  await page.getByLabel("Note (kept with the decision)").fill("Same person: email and phone agree (e2e).");
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  const survivorLink = page.getByTestId("survivor-link");
  await expect(survivorLink).toBeVisible();
  const survivorId = (await survivorLink.evaluate((a) => (a as HTMLAnchorElement).pathname))
    .split("/")
    .pop()!;
  expect(profileIds).toContain(survivorId);
  await keepScreenshot(page, "stewardship-merged");

  // Merged: every profile of the task now shows the survivor.
  const losers = profileIds.filter((id) => id !== survivorId);
  for (const id of losers) expect(await settledProfileUrl(page, id)).toBe(`/profiles/${survivorId}`);

  // Back on the task (after a reload, so the undo comes from the stored merge event), undo the merge.
  await page.goto(taskUrl);
  await expect(page.getByTestId("task-outcome")).toContainText("Merged");
  await page.getByLabel("Reason for undoing the merge").fill("Checked again: two different people (e2e).");
  await page.getByRole("button", { name: "Undo (unmerge)" }).click();
  await expect(page.getByTestId("unmerge-outcome")).toBeVisible();
  await expect(page.getByTestId("unmerged-profile-link")).toHaveCount(profileIds.length);
  await keepScreenshot(page, "stewardship-unmerged");

  // Separate again: each profile's page is its own.
  for (const id of profileIds) expect(await settledProfileUrl(page, id)).toBe(`/profiles/${id}`);
  await keepScreenshot(page, "stewardship-profile-after-unmerge");

  // The task remembers the undo: after a reload it says so and offers no second undo.
  await page.goto(taskUrl);
  await expect(page.getByTestId("task-outcome")).toContainText("Merged, then undone.");
  await expect(page.getByTestId("unmerge-outcome")).toBeVisible();
  await expect(page.getByTestId("survivor-link")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Undo (unmerge)" })).toHaveCount(0);
});

test("a steward splits one record out of a three-record profile and undoes the split", async ({ page }) => {
  await signInAs(page, "steward");
  await page.goto("/profiles");
  const rows = page.locator("table tbody tr");
  await expect(rows.first()).toBeVisible();
  // The first listed profile with three records or more (the Records column), by its link.
  const href = await rows.evaluateAll((trs) => {
    const header = Array.from(document.querySelectorAll("table thead th"), (th) => th.textContent?.trim());
    const column = header.indexOf("Records");
    const row = trs.find((tr) => Number(tr.querySelectorAll("td, th")[column]?.textContent ?? 0) >= 3);
    return row?.querySelector("a")?.getAttribute("href") ?? null;
  });
  expect(href, "the demo lists a profile with three records or more on its first page").not.toBeNull();
  await page.goto(href!);
  const profileId = href!.split("/").pop()!;
  const members = page.locator("#members-heading");
  await expect(members).toContainText(/Source records \((\d+)\)/);
  const before = Number((await members.textContent())!.match(/\((\d+)\)/)![1]);
  expect(before).toBeGreaterThanOrEqual(3);

  const control = page.getByTestId("split-records");
  const boxes = control.getByRole("checkbox");
  await expect(boxes).toHaveCount(before);
  await boxes.last().check();
  await control.getByRole("button", { name: /^Split 1 record out$/ }).click();
  await expect(control.getByRole("alert")).toContainText("reason is required");
  await control.getByTestId("split-reason").fill("Another person at the same address (e2e).");
  await control.getByRole("button", { name: /^Split 1 record out$/ }).click();
  const outcome = page.getByTestId("split-outcome");
  await expect(outcome).toContainText("1 record moved to new profile");
  await expect(members).toHaveText(`Source records (${before - 1})`);
  await keepScreenshot(page, "stewardship-split");

  // Undone at once: the record is a member again.
  await outcome.getByRole("button", { name: "Undo split" }).click();
  await expect(outcome).toContainText("Split undone");
  await expect(members).toHaveText(`Source records (${before})`);

  // Split again and follow the record: it is a profile of its own, with nothing left to split.
  await boxes.last().check();
  await control.getByTestId("split-reason").fill("Another person at the same address (e2e).");
  await control.getByRole("button", { name: /^Split 1 record out$/ }).click();
  await expect(outcome).toContainText("1 record moved to new profile");
  const newProfile = (await page.getByTestId("split-new-profile-link").getAttribute("href"))!;
  expect(newProfile).not.toBe(`/profiles/${profileId}`);
  await page.goto(newProfile);
  await expect(page.locator("#members-heading")).toHaveText("Source records (1)");
  await expect(page.getByTestId("split-records")).toHaveCount(0);
  await page.goto(`/profiles/${profileId}`);
  await expect(page.locator("#members-heading")).toHaveText(`Source records (${before - 1})`);
});
