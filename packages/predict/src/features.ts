// Point-in-time features of one person: computed from the events at or before the as-of instant only, so a model
// trained on a past cut-off never sees what happened after it (correct by construction, not by the caller's care).
import { DAY_MS, type ConsentChange, type PredictEvent } from "./types";

/** Days used when something never happened (no activity, no purchase): three years, beyond any horizon. */
export const NEVER_DAYS = 1095;

export type Transform = "log1p" | "none";

export interface FeatureSpec {
  name: string;
  /** How the raw value enters the model: counts, days and money are skewed, so they go in as log(1 + x). */
  transform: Transform;
  /** Plain words for the value, used in explanations ("no purchase for 214 days"). */
  describe: (value: number) => string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round = (value: number) => Math.round(value);
const money = (value: number) => `$${Math.round(value).toLocaleString("en-US")}`;
const percent = (value: number) => `${Math.round(value * 100)}%`;

export const FEATURES: readonly FeatureSpec[] = [
  {
    name: "days_since_last_activity",
    transform: "log1p",
    describe: (v) =>
      v >= NEVER_DAYS ? "no activity on record" : `last activity ${plural(round(v), "day")} ago`,
  },
  {
    name: "days_since_last_purchase",
    transform: "log1p",
    describe: (v) => (v >= NEVER_DAYS ? "never purchased" : `no purchase for ${plural(round(v), "day")}`),
  },
  {
    name: "has_purchased",
    transform: "none",
    describe: (v) => (v > 0 ? "has purchased" : "has never purchased"),
  },
  {
    name: "purchases_90d",
    transform: "log1p",
    describe: (v) => `${plural(v, "purchase")} in the last 90 days`,
  },
  {
    name: "purchases_365d",
    transform: "log1p",
    describe: (v) => `${plural(v, "purchase")} in the last year`,
  },
  { name: "purchases_total", transform: "log1p", describe: (v) => `${plural(v, "purchase")} in all` },
  {
    name: "activity_30d",
    transform: "log1p",
    describe: (v) => `${plural(v, "interaction")} in the last 30 days`,
  },
  {
    name: "activity_90d",
    transform: "log1p",
    describe: (v) => `${plural(v, "interaction")} in the last 90 days`,
  },
  {
    name: "activity_365d",
    transform: "log1p",
    describe: (v) => `${plural(v, "interaction")} in the last year`,
  },
  { name: "spend_365d", transform: "log1p", describe: (v) => `spent ${money(v)} in the last year` },
  { name: "spend_total", transform: "log1p", describe: (v) => `spent ${money(v)} in all` },
  { name: "avg_order_value", transform: "log1p", describe: (v) => `average order ${money(v)}` },
  { name: "tenure_days", transform: "log1p", describe: (v) => `known for ${plural(round(v), "day")}` },
  {
    name: "mean_days_between_purchases",
    transform: "log1p",
    describe: (v) => `buys every ${plural(round(v), "day")} on average`,
  },
  {
    name: "purchase_gap_trend",
    transform: "none",
    describe: (v) =>
      v > 0.05
        ? `purchases are slowing down (last gap ${Math.exp(v).toFixed(1)}x the earlier ones)`
        : v < -0.05
          ? `purchases are speeding up (last gap ${Math.exp(v).toFixed(1)}x the earlier ones)`
          : "steady time between purchases",
  },
  {
    name: "purchase_overdue_ratio",
    transform: "log1p",
    describe: (v) => `${v.toFixed(1)}x the usual time between purchases has passed since the last one`,
  },
  {
    name: "activity_trend",
    transform: "none",
    describe: (v) =>
      v < -0.05
        ? "less active in the last 90 days than in the 90 before"
        : v > 0.05
          ? "more active in the last 90 days than in the 90 before"
          : "as active in the last 90 days as in the 90 before",
  },
  {
    name: "share_web",
    transform: "none",
    describe: (v) => `${percent(v)} of last year's activity on the web`,
  },
  {
    name: "share_email",
    transform: "none",
    describe: (v) => `${percent(v)} of last year's activity by email`,
  },
  {
    name: "share_purchase",
    transform: "none",
    describe: (v) => `${percent(v)} of last year's activity purchases`,
  },
  {
    name: "share_service",
    transform: "none",
    describe: (v) => `${percent(v)} of last year's activity with customer service`,
  },
  {
    name: "tickets_90d",
    transform: "log1p",
    describe: (v) => `${plural(v, "support ticket")} in the last 90 days`,
  },
  {
    name: "tickets_365d",
    transform: "log1p",
    describe: (v) => `${plural(v, "support ticket")} in the last year`,
  },
  {
    name: "email_engagement_365d",
    transform: "none",
    describe: (v) => `opened or clicked ${percent(v)} of last year's emails`,
  },
  {
    name: "email_clicks_90d",
    transform: "log1p",
    describe: (v) => `${plural(v, "email click")} in the last 90 days`,
  },
  {
    name: "marketing_consent_given",
    transform: "none",
    describe: (v) => (v > 0 ? "marketing consent given" : "no marketing consent given"),
  },
  {
    name: "marketing_consent_withdrawn",
    transform: "none",
    describe: (v) => (v > 0 ? "marketing consent refused or withdrawn" : "marketing consent not withdrawn"),
  },
];

export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_NAMES = FEATURES.map((f) => f.name);
const index = (name: string) => FEATURE_NAMES.indexOf(name);
export const F = {
  daysSinceActivity: index("days_since_last_activity"),
  daysSincePurchase: index("days_since_last_purchase"),
  hasPurchased: index("has_purchased"),
  purchasesTotal: index("purchases_total"),
} as const;

const SERVICE_CHANNELS = new Set(["ticket", "chat", "call"]);
const OPEN_OR_CLICK = /open|click/i;
const CLICK = /click/i;
const SENT = /sent|deliver/i;

/** An order, for churn and offers: the purchase channel, or any event that carries revenue. */
export function isPurchase(event: PredictEvent): boolean {
  return event.channel === "purchase" || (event.amount !== null && event.amount > 0);
}

/**
 * The features of one person as of `asOf` (epoch ms), written into `out` at `offset` (a row of a feature matrix):
 * events after `asOf` are skipped, whatever their order, and so are consent changes.
 */
export function computeFeatures(
  events: readonly PredictEvent[],
  asOf: number,
  consent: readonly ConsentChange[] | undefined,
  out: Float64Array | Float32Array = new Float64Array(FEATURE_COUNT),
  offset = 0,
): Float64Array | Float32Array {
  let last = -Infinity;
  let first = Infinity;
  let lastPurchase = -Infinity;
  let purchases90 = 0;
  let purchases365 = 0;
  let purchasesTotal = 0;
  let act30 = 0;
  let act90 = 0;
  let act90to180 = 0;
  let act365 = 0;
  let spend365 = 0;
  let spendTotal = 0;
  let web = 0;
  let email = 0;
  let purchase365 = 0;
  let service = 0;
  let tickets90 = 0;
  let tickets365 = 0;
  let emailsSent = 0;
  let emailsEngaged = 0;
  let clicks90 = 0;
  let purchaseTimes: number[] | null = null;
  for (const event of events) {
    const at = event.at;
    if (!(at <= asOf)) continue; // the point-in-time rule; also drops NaN
    const age = (asOf - at) / DAY_MS;
    if (at > last) last = at;
    if (at < first) first = at;
    const buy = isPurchase(event);
    if (buy) {
      purchasesTotal++;
      const amount = event.amount ?? 0;
      spendTotal += amount;
      if (at > lastPurchase) lastPurchase = at;
      (purchaseTimes ??= []).push(at);
      if (age <= 90) purchases90++;
      if (age <= 365) {
        purchases365++;
        spend365 += amount;
      }
    }
    if (age <= 30) act30++;
    if (age <= 90) act90++;
    else if (age <= 180) act90to180++;
    const ticket = event.channel === "ticket";
    if (ticket && age <= 90) tickets90++;
    if (event.channel === "email") {
      if (age <= 365) {
        if (OPEN_OR_CLICK.test(event.type)) emailsEngaged++;
        else if (SENT.test(event.type)) emailsSent++;
      }
      if (age <= 90 && CLICK.test(event.type)) clicks90++;
    }
    if (age <= 365) {
      act365++;
      if (event.channel === "web") web++;
      else if (event.channel === "email") email++;
      else if (buy) purchase365++;
      else if (SERVICE_CHANNELS.has(event.channel)) service++;
      if (ticket) tickets365++;
    }
  }
  const daysSince = last === -Infinity ? NEVER_DAYS : Math.min(NEVER_DAYS, (asOf - last) / DAY_MS);
  const daysSincePurchase =
    lastPurchase === -Infinity ? NEVER_DAYS : Math.min(NEVER_DAYS, (asOf - lastPurchase) / DAY_MS);
  const tenure = first === Infinity ? 0 : Math.min(NEVER_DAYS, (asOf - first) / DAY_MS);
  let meanGap = 365;
  let gapTrend = 0;
  if (purchaseTimes !== null && purchaseTimes.length >= 2) {
    purchaseTimes.sort((a, b) => a - b);
    const n = purchaseTimes.length;
    meanGap = Math.max(1, (purchaseTimes[n - 1]! - purchaseTimes[0]!) / DAY_MS / (n - 1));
    if (n >= 3) {
      const lastGap = (purchaseTimes[n - 1]! - purchaseTimes[n - 2]!) / DAY_MS;
      const earlier = (purchaseTimes[n - 2]! - purchaseTimes[0]!) / DAY_MS / (n - 2);
      gapTrend = Math.log((lastGap + 1) / (earlier + 1));
    }
  }
  let consentGiven = 0;
  let consentWithdrawn = 0;
  if (consent !== undefined) {
    let latest = -Infinity;
    for (const change of consent) {
      if (change.at <= asOf && change.at >= latest) {
        latest = change.at;
        consentGiven = change.granted ? 1 : 0;
        consentWithdrawn = change.granted ? 0 : 1;
      }
    }
  }
  const share = (n: number) => (act365 === 0 ? 0 : n / act365);
  const o = offset;
  out[o + 0] = daysSince;
  out[o + 1] = daysSincePurchase;
  out[o + 2] = purchasesTotal > 0 ? 1 : 0;
  out[o + 3] = purchases90;
  out[o + 4] = purchases365;
  out[o + 5] = purchasesTotal;
  out[o + 6] = act30;
  out[o + 7] = act90;
  out[o + 8] = act365;
  out[o + 9] = Math.max(0, spend365);
  out[o + 10] = Math.max(0, spendTotal);
  out[o + 11] = purchasesTotal === 0 ? 0 : Math.max(0, spendTotal / purchasesTotal);
  out[o + 12] = tenure;
  out[o + 13] = meanGap;
  out[o + 14] = gapTrend;
  out[o + 15] = purchasesTotal === 0 ? 0 : daysSincePurchase / meanGap;
  out[o + 16] = Math.log((act90 + 1) / (act90to180 + 1));
  out[o + 17] = share(web);
  out[o + 18] = share(email);
  out[o + 19] = share(purchase365);
  out[o + 20] = share(service);
  out[o + 21] = tickets90;
  out[o + 22] = tickets365;
  out[o + 23] = emailsSent + emailsEngaged === 0 ? 0 : Math.min(1, emailsEngaged / Math.max(1, emailsSent));
  out[o + 24] = clicks90;
  out[o + 25] = consentGiven;
  out[o + 26] = consentWithdrawn;
  return out;
}

/** The churn label: 1 when the person made no purchase in (cutoff, cutoff + horizon], 0 when they did. */
export function labelChurn(events: readonly PredictEvent[], cutoff: number, horizonDays: number): 0 | 1 {
  const end = cutoff + horizonDays * DAY_MS;
  for (const event of events) if (event.at > cutoff && event.at <= end && isPurchase(event)) return 0;
  return 1;
}

/** Whether the person had any event at or before `cutoff`: who belongs to a training or evaluation window. */
export function knownAt(events: readonly PredictEvent[], cutoff: number): boolean {
  for (const event of events) if (event.at <= cutoff) return true;
  return false;
}
