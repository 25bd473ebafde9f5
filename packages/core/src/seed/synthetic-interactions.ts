// Deterministic interactions for demo data: what each kind of source system records about a customer.
import { randomInt, seededRandom, type Random } from "@c360/matching/prng";

export type SeedChannel = "purchase" | "ticket" | "email" | "web" | "call" | "sms" | "chat" | "store";

export interface SyntheticInteraction {
  externalId: string;
  channel: SeedChannel;
  type: string;
  occurredAt: string;
  amount: number | null;
  currency: string | null;
  properties: Record<string, unknown>;
}

const products = [
  "Trail running shoes",
  "Rain jacket",
  "Espresso machine",
  "Noise-cancelling headphones",
  "Yoga mat",
  "Desk lamp",
  "Backpack",
  "Smart watch",
  "Cookware set",
  "Gift card",
];
const ticketTopics = [
  "Late delivery",
  "Refund request",
  "Billing question",
  "Damaged item",
  "Password reset",
  "Change of address",
  "Warranty claim",
  "Cancel subscription",
];
const campaigns = [
  "Spring sale",
  "Loyalty update",
  "New arrivals",
  "Winter clearance",
  "Product survey",
  "Welcome series",
];
const pages = [
  "/",
  "/shop",
  "/shop/shoes",
  "/shop/outdoor",
  "/account",
  "/help",
  "/checkout",
  "/blog/care-guide",
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)]!;
}

/** Interactions of one source record; the same record id and seed always give the same events. */
export function syntheticInteractionsFor(
  source: string,
  recordId: string,
  now: Date,
  seed = 1,
): SyntheticInteraction[] {
  let hash = seed;
  for (const ch of `${source}:${recordId}`) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  const random = seededRandom(hash >>> 0);
  const events: SyntheticInteraction[] = [];
  const at = () => new Date(now.getTime() - Math.floor(random() * 730 * 86_400_000)).toISOString();
  const add = (
    channel: SeedChannel,
    type: string,
    props: Record<string, unknown>,
    amount: number | null = null,
  ) =>
    events.push({
      externalId: `${recordId}:${events.length + 1}`,
      channel,
      type,
      occurredAt: at(),
      amount,
      currency: amount === null ? null : "USD",
      properties: props,
    });
  // Some customers went quiet long ago: churn-risk indicators need them.
  const activity = random() < 0.2 ? 0.3 : 1;
  const count = (max: number) => Math.round(randomInt(random, max + 1) * activity);
  switch (source) {
    case "ecommerce":
      for (let i = count(8); i > 0; i--) {
        const product = pick(random, products);
        add(
          "purchase",
          "order",
          { product, quantity: 1 + randomInt(random, 3), order: `SO-${recordId}-${i}` },
          Math.round((15 + random() * 400) * 100) / 100,
        );
      }
      for (let i = count(12); i > 0; i--)
        add("web", "page_view", { page: pick(random, pages), device: random() < 0.6 ? "mobile" : "desktop" });
      break;
    case "support":
      for (let i = count(4); i > 0; i--) {
        const chat = random() >= 0.7;
        add(chat ? "chat" : "ticket", chat ? "chat_started" : "ticket_opened", {
          subject: pick(random, ticketTopics),
          priority: pick(random, ["low", "normal", "high"]),
          status: random() < 0.8 ? "solved" : "open",
          satisfaction: random() < 0.5 ? 1 + randomInt(random, 5) : null,
        });
      }
      break;
    case "marketing":
      for (let i = count(10); i > 0; i--) {
        const campaign = pick(random, campaigns);
        add("email", "email_sent", { campaign });
        if (random() < 0.45) add("email", "email_opened", { campaign });
        if (random() < 0.15) add("email", "email_clicked", { campaign });
      }
      if (random() < 0.2) add("sms", "sms_sent", { campaign: pick(random, campaigns) });
      break;
    case "billing":
      for (let i = count(6); i > 0; i--)
        add(
          "purchase",
          "invoice_paid",
          { invoice: `INV-${recordId}-${i}` },
          Math.round((20 + random() * 180) * 100) / 100,
        );
      break;
    case "crm":
      for (let i = count(3); i > 0; i--) {
        const call = random() < 0.7;
        add(call ? "call" : "store", call ? "sales_call" : "store_visit", {
          outcome: pick(random, ["interested", "follow-up", "no answer", "purchased"]),
        });
      }
      break;
  }
  return events;
}

/** Which channel each demo event name belongs to: the demo sources' event settings (decision 0901). */
export const DEMO_EVENT_CHANNELS: Record<string, Record<string, SeedChannel>> = {
  ecommerce: { order: "purchase", page_view: "web" },
  support: { ticket_opened: "ticket", chat_started: "chat" },
  marketing: { email_sent: "email", email_opened: "email", email_clicked: "email", sms_sent: "sms" },
  billing: { invoice_paid: "purchase" },
  crm: { sales_call: "call", store_visit: "store" },
};

/** A synthetic interaction as the Segment track message its source system would send about the record. */
export function demoTrackMessage(recordId: string, event: SyntheticInteraction): Record<string, unknown> {
  return {
    type: "track",
    messageId: event.externalId,
    userId: recordId,
    event: event.type,
    properties:
      event.amount === null
        ? event.properties
        : { ...event.properties, revenue: event.amount, currency: event.currency },
    timestamp: event.occurredAt,
  };
}
