// Triggers end to end (issue 22): an administrator defines a trigger in the portal (dry run, then save, the signing
// secret shown once); a shop posts an order over REST with its source token; the webhook arrives, signed, at a
// receiver this test runs on loopback (allowed through C360_WEBHOOK_ALLOWED_HOSTS for its port only) and the delivery
// shows in the trigger's history; after the person withdraws consent, the next order is recorded as skipped and
// nothing arrives.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { expect, test } from "@playwright/test";
import { webhookReceiverPort } from "../playwright.config";
import { keepScreenshot, signInAs, createSourceWithToken } from "./fixtures";

// The demo data is generated from a fixed seed, so the CRM's record crm-705 is always there.
const KNOWN_CUSTOMER = "crm-705";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(webhookReceiverPort, "127.0.0.1", resolve));
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("a trigger defined in the portal posts a signed webhook for an order, and skips it once consent is withdrawn", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const receiver = await startReceiver();
  try {
    const run = Date.now().toString(36);
    const shop = `shop-${run}`;
    const key = `big-order-${run}`;
    await signInAs(page, "admin");
    const token = await createSourceWithToken(page, shop);
    // The shop's userId is the CRM's customer id.
    await page.getByRole("link", { name: `Events of ${shop}` }).click();
    const settings = page.getByRole("form", { name: "Event settings" });
    await settings.locator('select[name="userIdSource"]').selectOption("crm");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toContainText("Saved");

    const consent = async (status: "given" | "withdrawn") => {
      const response = await page.request.post("/api/v1/consent", {
        data: {
          subject: { externalIds: [{ source: "crm", id: KNOWN_CUSTOMER }] },
          purpose: "marketing.email",
          status,
          method: "web_form",
        },
      });
      expect(response.status(), await response.text()).toBeLessThan(300);
    };
    const order = async (id: string, revenue: number) => {
      const response = await page.request.post(`/api/v1/sources/${shop}/events`, {
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        data: JSON.stringify({
          batch: [
            {
              type: "track",
              messageId: `${run}-${id}`,
              userId: KNOWN_CUSTOMER,
              event: "Order Completed",
              properties: { revenue, currency: "EUR" },
              timestamp: new Date().toISOString(),
            },
          ],
        }),
      });
      expect(response.status(), await response.text()).toBe(200);
      expect(await response.json()).toMatchObject({ accepted: 1 });
    };
    await consent("given");

    // Define the trigger in the portal: Triggers in the navigation, a new trigger, a dry run, save.
    await page.getByRole("navigation").getByRole("link", { name: "Triggers" }).click();
    await expect(page.getByRole("heading", { name: "Triggers", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "New trigger" }).click();
    await page.getByLabel("Key", { exact: true }).fill(key);
    await page.getByLabel("Name", { exact: true }).fill("Big order");
    await page.getByLabel("Event name").fill("Order Completed");
    await page.getByRole("button", { name: "Add a filter" }).click();
    await page.getByLabel("Filter 1 property").fill("revenue");
    await page.getByLabel("Filter 1 operator").selectOption("gt");
    await page.getByLabel("Filter 1 value").fill("200");
    await page.getByLabel("Webhook URL").fill(`http://127.0.0.1:${webhookReceiverPort}/hooks/orders`);
    await page.getByLabel("Consent purpose").selectOption("marketing.email");
    await page.getByRole("button", { name: "Dry run (last 7 days)" }).click();
    await expect(page.locator("[data-dry-run]")).toContainText(
      /Would have fired \d+ times in the last 7 days/,
    );
    await page.getByRole("button", { name: "Save trigger" }).click();
    const secret = (await page.locator("[data-secret]").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await keepScreenshot(page, "trigger-secret");
    await page.getByRole("button", { name: "Open the trigger" }).click();
    await expect(page.getByRole("heading", { name: "Big order", level: 1 })).toBeVisible();

    // An order over 200 arrives over REST: the webhook comes, signed, with its delivery id.
    await order("o1", 250);
    await order("o2", 120); // under the filter: nothing
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const [hook] = receiver.received;
    const signature = String(hook!.headers["c360-signature"]);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(createHmac("sha256", secret).update(`${t}.${hook!.body}`).digest("hex")).toBe(v1);
    const body = JSON.parse(hook!.body) as {
      id: string;
      event: { event: string; properties: { revenue: number } };
    };
    expect(hook!.headers["idempotency-key"]).toBe(body.id);
    expect(body.event).toMatchObject({ event: "Order Completed", properties: { revenue: 250 } });

    const history = page.getByRole("table", { name: "Delivery history, newest first" });
    await expect(history.locator('[data-status="delivered"]')).toHaveCount(1, { timeout: 20_000 });
    await expect(history).toContainText(body.id);
    await keepScreenshot(page, "trigger-delivered");

    // The person withdraws; the next big order is recorded as skipped and nothing is sent.
    await consent("withdrawn");
    await order("o3", 900);
    await expect(history.locator('[data-status="skipped"]')).toHaveCount(1, { timeout: 20_000 });
    await expect(history).toContainText("Skipped: no consent");
    expect(receiver.received).toHaveLength(1);
    await page.reload();
    await expect(page.locator('[data-stat="Skipped: no consent"] dd')).toHaveText("1");
    await expect(page.locator('[data-stat="Delivered"] dd').first()).toHaveText("1");
    await keepScreenshot(page, "trigger-skipped");
  } finally {
    await receiver.close();
  }
});
