// Synthetic multi-source behavioural data with known truth (decision 0901): persons with records in a CRM and a
// shop, a web source whose visitors browse anonymously and identify (before, after, or by alias), an app whose userId
// is the CRM's customer id, marketing events known only by an email (spelled variously), households sharing an email,
// and shop records that arrive only after their events. Every event knows the person it belongs to.
import { randomInt, seededRandom } from "@c360/matching/prng";

export interface SyntheticPerson {
  index: number;
  crmId: string;
  shopId: string;
  email: string;
  /** True when the shop record arrives after the person's events. */
  lateShopRecord: boolean;
}

export interface SyntheticEvent {
  source: "web" | "app" | "mail";
  person: number;
  /** Keyed by userId on the message (not only anonymousId, email or phone). */
  byUserId: boolean;
  message: Record<string, unknown>;
}

export interface SyntheticEventData {
  persons: SyntheticPerson[];
  events: SyntheticEvent[];
}

export function generateSyntheticEvents(options: { persons: number; seed?: number }): SyntheticEventData {
  const random = seededRandom(options.seed ?? 19);
  const persons: SyntheticPerson[] = [];
  for (let i = 0; i < options.persons; i++) {
    // Every 40th person shares the email of the person before (a household mailbox): email alone cannot tell them.
    const email = i % 40 === 39 ? persons[i - 1]!.email : `person${i}.${randomInt(random, 1000)}@example.com`;
    persons.push({
      index: i,
      crmId: `C${100000 + i}`,
      shopId: `S-${i}`,
      email,
      lateShopRecord: random() < 0.05,
    });
  }
  const events: SyntheticEvent[] = [];
  const start = Date.UTC(2026, 0, 1);
  let clock = 0;
  const at = () => new Date(start + (clock += 1 + randomInt(random, 60_000))).toISOString();
  let serial = 0;
  const id = (prefix: string) => `${prefix}-${(serial++).toString(36)}`;
  const spell = (email: string) =>
    random() < 0.5
      ? email
      : random() < 0.5
        ? `  ${email.toUpperCase()} `
        : email.replace("@", "@").replace(/^./, (c) => c.toUpperCase());
  for (const p of persons) {
    // Web: anonymous browsing on 1-3 devices, each device identified (after its events, before, or by alias).
    for (let d = 0, devices = 1 + randomInt(random, 3); d < devices; d++) {
      const anonymousId = `anon-${p.index}-${d}-${randomInt(random, 1e6)}`;
      const how = random();
      const identify = {
        type: "identify",
        messageId: id("idf"),
        anonymousId,
        userId: p.shopId,
        traits: { plan: "basic" },
      };
      const alias = { type: "alias", messageId: id("als"), previousId: anonymousId, userId: p.shopId };
      if (how < 0.3)
        events.push({
          source: "web",
          person: p.index,
          byUserId: true,
          message: { ...identify, timestamp: at() },
        });
      for (let n = 0, views = 3 + randomInt(random, 15); n < views; n++) {
        const page = random() < 0.7;
        events.push({
          source: "web",
          person: p.index,
          byUserId: false,
          message: page
            ? {
                type: "page",
                messageId: id("pg"),
                anonymousId,
                name: "Product",
                properties: { path: `/p/${randomInt(random, 500)}` },
                timestamp: at(),
              }
            : {
                type: "track",
                messageId: id("tr"),
                anonymousId,
                event: "Product Added",
                properties: { sku: `K${randomInt(random, 900)}` },
                timestamp: at(),
              },
        });
      }
      if (how >= 0.3)
        events.push({
          source: "web",
          person: p.index,
          byUserId: true,
          message: { ...(how < 0.85 ? identify : alias), timestamp: at() },
        });
    }
    // Web, signed in: orders keyed by the shop's customer id.
    for (let n = 0, orders = randomInt(random, 6); n < orders; n++)
      events.push({
        source: "web",
        person: p.index,
        byUserId: true,
        message: {
          type: "track",
          messageId: id("ord"),
          userId: p.shopId,
          event: "Order Completed",
          properties: { total: 10 + randomInt(random, 300), currency: "USD" },
          timestamp: at(),
        },
      });
    // App: userId is the CRM's customer id (mapped source).
    for (let n = 0, uses = 2 + randomInt(random, 8); n < uses; n++)
      events.push({
        source: "app",
        person: p.index,
        byUserId: true,
        message: { type: "screen", messageId: id("scr"), userId: p.crmId, name: "Home", timestamp: at() },
      });
    // Mail: known only by the email address in context.traits.
    for (let n = 0, mails = 1 + randomInt(random, 4); n < mails; n++)
      events.push({
        source: "mail",
        person: p.index,
        byUserId: false,
        message: {
          type: "track",
          messageId: id("em"),
          event: "Email Opened",
          context: { traits: { email: spell(p.email) } },
          properties: { campaign: "spring" },
          timestamp: at(),
        },
      });
  }
  // Arrival order: by time, as a stream would bring them.
  events.sort((a, b) => String(a.message.timestamp).localeCompare(String(b.message.timestamp)));
  return { persons, events };
}
