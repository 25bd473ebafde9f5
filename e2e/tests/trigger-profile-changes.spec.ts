// A profile-change trigger end to end (issue 22, decision 2201): an administrator defines "consent to email
// withdrawn" in the portal (dry run over the consent ledger, then save); the person withdraws over the consent API;
// the webhook arrives, signed, at a receiver on loopback and the delivery shows in the trigger's history. Without
// the consent the action needs (analytics), the next withdrawal is recorded as skipped and nothing arrives. The
// trigger is switched off at the end, so later specs that withdraw the same person's consent hear nothing from it.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { expect, test } from "@playwright/test";
import { webhookReceiverPort } from "../playwright.config";
import { keepScreenshot, signInAs } from "./fixtures";

// The demo data is generated from a fixed seed, so the CRM's record crm-705 is always there.
const KNOWN_CUSTOMER = "crm-705";

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(webhookReceiverPort, "127.0.0.1", resolve));
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a consent-withdrawn trigger defined in the portal posts a signed webhook when the person withdraws", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  try {
    const run = Date.now().toString(36);
    const key = `email-opt-out-${run}`;
    await signInAs(page, "admin");
    const consent = async (purpose: string, status: "given" | "withdrawn") => {
      const response = await page.request.post("/api/v1/consent", {
        data: {
          subject: { externalIds: [{ source: "crm", id: KNOWN_CUSTOMER }] },
          purpose,
          status,
          method: "web_form",
          origin: `e2e-${run}-${purpose}-${status}-${Date.now()}`,
        },
      });
      expect(response.status(), await response.text()).toBeLessThan(300);
    };
    await consent("analytics.profiling", "given");
    await consent("marketing.email", "given");

    await page.goto("/triggers/new");
    await page.getByLabel("Key", { exact: true }).fill(key);
    await page.getByLabel("Name", { exact: true }).fill("Email opt-out to the CRM");
    await page.getByLabel("Fires").selectOption("consent");
    await page.getByLabel("Consent to watch").selectOption("marketing.email");
    await page.getByLabel("Change", { exact: true }).selectOption("withdrawn");
    await page.getByLabel("Webhook URL").fill(`http://127.0.0.1:${webhookReceiverPort}/hooks/opt-out`);
    await page.getByLabel("Consent purpose the action needs").selectOption("analytics.profiling");
    await page.getByRole("button", { name: "Dry run (last 7 days)" }).click();
    await expect(page.locator("[data-dry-run]")).toContainText(
      /Would have fired \d+ times in the last 7 days/,
    );
    await expect(page.getByRole("status", { name: "Dry run" })).toContainText(
      "Replayed over the consent ledger",
    );
    await page.getByRole("button", { name: "Save trigger" }).click();
    const secret = (await page.locator("[data-secret]").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Open the trigger" }).click();
    await expect(page.getByRole("heading", { name: "Email opt-out to the CRM", level: 1 })).toBeVisible();
    await expect(page.getByText("when consent withdrawn for marketing.email")).toBeVisible();

    // The person withdraws: the webhook comes, signed, naming the change.
    await consent("marketing.email", "withdrawn");
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const [hook] = receiver.received;
    expect(hook!.url).toBe("/hooks/opt-out");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook!.headers["c360-signature"]))!;
    expect(createHmac("sha256", secret).update(`${t}.${hook!.body}`).digest("hex")).toBe(v1);
    const body = JSON.parse(hook!.body) as { id: string; change: Record<string, unknown> };
    expect(body.change).toMatchObject({
      kind: "consent",
      purpose: "marketing.email",
      from: "given",
      to: "withdrawn",
      via: "ledger",
    });
    const history = page.getByRole("table", { name: "Delivery history, newest first" });
    await expect(history.locator('[data-status="delivered"]')).toHaveCount(1, { timeout: 20_000 });
    await expect(history).toContainText(body.id);
    await keepScreenshot(page, "trigger-consent-withdrawn-delivered");

    // Without analytics consent, the next withdrawal is skipped and nothing is sent.
    await consent("analytics.profiling", "withdrawn");
    await consent("marketing.email", "given");
    await consent("marketing.email", "withdrawn");
    await expect(history.locator('[data-status="skipped"]')).toHaveCount(1, { timeout: 20_000 });
    await expect(history).toContainText("Skipped: no consent");
    expect(receiver.received).toHaveLength(1);

    // Off, so later specs that withdraw this person's consent do not hear from it.
    await page.getByRole("button", { name: "Switch off" }).click();
    await expect(page.getByRole("button", { name: "Switch on" })).toBeVisible();
    await consent("analytics.profiling", "given");
  } finally {
    await receiver.close();
  }
});
