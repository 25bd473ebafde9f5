import { describe, expect, it } from "vitest";
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  FEATURES,
  NEVER_DAYS,
  computeFeatures,
  knownAt,
  labelChurn,
} from "./features";
import { seededRandom } from "./synthetic";
import { DAY_MS, type PredictEvent } from "./types";

const asOf = Date.UTC(2026, 5, 30);
const daysAgo = (d: number) => asOf - d * DAY_MS;
const value = (row: ArrayLike<number>, name: string) => row[FEATURE_NAMES.indexOf(name)]!;

describe("computeFeatures", () => {
  it("writes one value per declared feature, with words for each", () => {
    expect(FEATURES).toHaveLength(FEATURE_COUNT);
    const row = computeFeatures([], asOf, undefined);
    expect(row).toHaveLength(FEATURE_COUNT);
    expect(FEATURES.map((f) => typeof f.describe(1))).toEqual(new Array(FEATURE_COUNT).fill("string"));
  });

  it("measures recency, frequency, money, tenure and the time between purchases", () => {
    const events: PredictEvent[] = [
      { at: daysAgo(300), channel: "purchase", type: "order", amount: 100 },
      { at: daysAgo(200), channel: "purchase", type: "order", amount: 50 },
      { at: daysAgo(40), channel: "purchase", type: "order", amount: 30 },
      { at: daysAgo(10), channel: "web", type: "page_view", amount: null },
      { at: daysAgo(400), channel: "web", type: "page_view", amount: null },
    ];
    const row = computeFeatures(events, asOf, undefined);
    expect(value(row, "days_since_last_activity")).toBe(10);
    expect(value(row, "days_since_last_purchase")).toBe(40);
    expect(value(row, "purchases_90d")).toBe(1);
    expect(value(row, "purchases_365d")).toBe(3);
    expect(value(row, "purchases_total")).toBe(3);
    expect(value(row, "spend_365d")).toBe(180);
    expect(value(row, "avg_order_value")).toBe(60);
    expect(value(row, "tenure_days")).toBe(400);
    expect(value(row, "mean_days_between_purchases")).toBe(130);
    // Gaps 100 then 160 days: the last one is longer than the earlier ones, so purchases are slowing down.
    expect(value(row, "purchase_gap_trend")).toBeCloseTo(Math.log(161 / 101), 10);
    expect(value(row, "purchase_overdue_ratio")).toBeCloseTo(40 / 130, 10);
    expect(value(row, "share_purchase")).toBe(0.75);
    expect(value(row, "share_web")).toBe(0.25);
  });

  it("counts tickets, email engagement and the consent state as of the date", () => {
    const events: PredictEvent[] = [
      { at: daysAgo(20), channel: "ticket", type: "ticket_opened", amount: null },
      { at: daysAgo(200), channel: "ticket", type: "ticket_opened", amount: null },
      { at: daysAgo(30), channel: "email", type: "email_sent", amount: null },
      { at: daysAgo(29), channel: "email", type: "Email Clicked", amount: null },
      { at: daysAgo(60), channel: "email", type: "email_sent", amount: null },
      { at: daysAgo(90), channel: "email", type: "email_sent", amount: null },
      { at: daysAgo(120), channel: "email", type: "email_sent", amount: null },
    ];
    const consent = [
      { at: daysAgo(500), granted: true },
      { at: daysAgo(5), granted: false },
    ];
    const row = computeFeatures(events, asOf, consent);
    expect(value(row, "tickets_90d")).toBe(1);
    expect(value(row, "tickets_365d")).toBe(2);
    expect(value(row, "email_engagement_365d")).toBe(0.25);
    expect(value(row, "email_clicks_90d")).toBe(1);
    expect(value(row, "marketing_consent_withdrawn")).toBe(1);
    expect(value(row, "marketing_consent_given")).toBe(0);
    // Ten days earlier the withdrawal had not happened yet.
    const before = computeFeatures(events, daysAgo(10), consent);
    expect(value(before, "marketing_consent_given")).toBe(1);
    expect(value(before, "marketing_consent_withdrawn")).toBe(0);
  });

  it("marks what never happened with the 'never' value, not zero days", () => {
    const row = computeFeatures(
      [{ at: daysAgo(3), channel: "web", type: "page_view", amount: null }],
      asOf,
      undefined,
    );
    expect(value(row, "days_since_last_purchase")).toBe(NEVER_DAYS);
    expect(value(row, "has_purchased")).toBe(0);
    expect(value(computeFeatures([], asOf, undefined), "days_since_last_activity")).toBe(NEVER_DAYS);
  });

  it("never uses an event or a consent change after the as-of date, whatever the order of the events", () => {
    const random = seededRandom(42);
    const channels = ["purchase", "web", "email", "ticket", "chat"];
    const types = ["order", "page_view", "email_opened", "email_sent", "ticket_opened"];
    for (let trial = 0; trial < 200; trial++) {
      const past: PredictEvent[] = Array.from({ length: Math.floor(random() * 30) }, () => {
        const c = Math.floor(random() * channels.length);
        return {
          at: daysAgo(random() * 900),
          channel: channels[c]!,
          type: types[c]!,
          amount: c === 0 ? random() * 200 : null,
        };
      });
      const future: PredictEvent[] = Array.from({ length: 1 + Math.floor(random() * 10) }, () => ({
        at: asOf + 1 + random() * 400 * DAY_MS,
        channel: "purchase",
        type: "order",
        amount: 500,
      }));
      const consent = [{ at: daysAgo(100), granted: true }];
      const withFuture = [...past, ...future].sort(() => random() - 0.5);
      expect(computeFeatures(withFuture, asOf, [...consent, { at: asOf + 5, granted: false }])).toEqual(
        computeFeatures(past, asOf, consent),
      );
    }
  });
});

describe("labelChurn and knownAt", () => {
  const events: PredictEvent[] = [
    { at: daysAgo(100), channel: "purchase", type: "order", amount: 10 },
    { at: daysAgo(30), channel: "web", type: "page_view", amount: null },
  ];
  it("labels churn when no purchase follows within the horizon, and only a purchase counts", () => {
    expect(labelChurn(events, daysAgo(120), 30)).toBe(0); // the order 20 days after the cut-off
    expect(labelChurn(events, daysAgo(60), 90)).toBe(1); // only a page view afterwards
    expect(labelChurn(events, daysAgo(200), 90)).toBe(1); // the order comes 100 days later: past the horizon
  });
  it("knows a person from their first event on", () => {
    expect(knownAt(events, daysAgo(101))).toBe(false);
    expect(knownAt(events, daysAgo(100))).toBe(true);
  });
});
