// Engagement and churn risk from a profile's interactions: recency, frequency and monetary value, with the reasons.

export interface InteractionStats {
  /** Interactions of every channel, newest first is not required. */
  events: readonly { occurredAt: Date; channel: string; amount: number | null }[];
}

export type Level = "low" | "medium" | "high";

export interface MonthActivity {
  /** yyyy-mm */
  month: string;
  interactions: number;
  spend: number;
}

export interface Engagement {
  /** 1..5 each, 5 best, as in classic RFM scoring. */
  recencyScore: number;
  frequencyScore: number;
  monetaryScore: number;
  engagementLevel: Level;
  churnRisk: Level;
  daysSinceLastInteraction: number | null;
  daysSinceLastPurchase: number | null;
  interactionsLast90Days: number;
  interactionsLast365Days: number;
  purchasesLast365Days: number;
  spendLast365Days: number;
  lifetimeSpend: number;
  /** Plain-language reasons for the scores and the risk, most important first. */
  reasons: string[];
  /** The last 12 months, oldest first, for the activity chart. */
  monthly: MonthActivity[];
  channels: { channel: string; count: number }[];
}

const DAY = 86_400_000;

// Bands in days (recency), events per year (frequency) and spend per year (monetary): score 5 down to 1.
const RECENCY_BANDS = [30, 90, 180, 365];
const FREQUENCY_BANDS = [24, 12, 6, 2];
const MONETARY_BANDS = [1000, 500, 200, 50];

function bandScore(value: number, bands: readonly number[], lowerIsBetter: boolean): number {
  for (let i = 0; i < bands.length; i++) {
    if (lowerIsBetter ? value <= bands[i]! : value >= bands[i]!) return 5 - i;
  }
  return 1;
}

function money(amount: number): string {
  return `$${amount.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
}

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Pure and deterministic: `now` is the caller's, so the same events always give the same answer. */
export function computeEngagement(stats: InteractionStats, now: Date): Engagement {
  const nowMs = now.getTime();
  let last: number | null = null;
  let lastPurchase: number | null = null;
  let last90 = 0;
  let last365 = 0;
  let purchases365 = 0;
  let spend365 = 0;
  let lifetime = 0;
  let previous365 = 0;
  const channelCounts = new Map<string, number>();
  const months = new Map<string, MonthActivity>();
  for (let i = 11; i >= 0; i--) {
    const key = monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
    months.set(key, { month: key, interactions: 0, spend: 0 });
  }
  for (const event of stats.events) {
    const at = event.occurredAt.getTime();
    const age = (nowMs - at) / DAY;
    const amount = event.amount ?? 0;
    last = last === null ? at : Math.max(last, at);
    if (event.channel === "purchase" || amount > 0)
      lastPurchase = lastPurchase === null ? at : Math.max(lastPurchase, at);
    lifetime += amount;
    if (age <= 90) last90++;
    if (age <= 365) {
      last365++;
      spend365 += amount;
      if (event.channel === "purchase") purchases365++;
    } else if (age <= 730) previous365++;
    channelCounts.set(event.channel, (channelCounts.get(event.channel) ?? 0) + 1);
    const month = months.get(monthKey(event.occurredAt));
    if (month) {
      month.interactions++;
      month.spend = Math.round((month.spend + amount) * 100) / 100;
    }
  }
  const daysSince = last === null ? null : Math.max(0, Math.floor((nowMs - last) / DAY));
  const daysSincePurchase =
    lastPurchase === null ? null : Math.max(0, Math.floor((nowMs - lastPurchase) / DAY));
  const recencyScore = daysSince === null ? 1 : bandScore(daysSince, RECENCY_BANDS, true);
  const frequencyScore = bandScore(last365, FREQUENCY_BANDS, false);
  const monetaryScore = bandScore(spend365, MONETARY_BANDS, false);
  const total = recencyScore + frequencyScore + monetaryScore;
  const engagementLevel: Level = total >= 12 ? "high" : total >= 7 ? "medium" : "low";

  const reasons: string[] = [];
  let risk = 0;
  if (daysSince === null) {
    reasons.push("No interactions on record in any channel.");
    risk += 3;
  } else if (daysSince > 365) {
    reasons.push(`Last interaction was ${daysSince} days ago (over a year).`);
    risk += 3;
  } else if (daysSince > 180) {
    reasons.push(`Last interaction was ${daysSince} days ago (over six months).`);
    risk += 2;
  } else if (daysSince > 90) {
    reasons.push(`Last interaction was ${daysSince} days ago (over three months).`);
    risk += 1;
  } else {
    reasons.push(`Active recently: last interaction ${daysSince} day${daysSince === 1 ? "" : "s"} ago.`);
  }
  if (previous365 >= 4 && last365 < previous365 / 2) {
    reasons.push(
      `Activity fell from ${previous365} interactions in the year before to ${last365} in the last year.`,
    );
    risk += 1;
  } else if (last365 > 0) {
    reasons.push(
      `${last365} interaction${last365 === 1 ? "" : "s"} in the last year, ${last90} in the last 90 days.`,
    );
  }
  if (lifetime > 0) {
    if (daysSincePurchase !== null && daysSincePurchase > 365) {
      reasons.push(`No purchase for ${daysSincePurchase} days after ${money(lifetime)} of lifetime spend.`);
      risk += 1;
    } else {
      reasons.push(`Spent ${money(spend365)} in the last year (${money(lifetime)} in total).`);
    }
  } else if (daysSince !== null) {
    reasons.push("Has never purchased.");
  }
  const tickets = channelCounts.get("ticket") ?? 0;
  if (tickets >= 3) {
    reasons.push(`${tickets} support tickets on record: service issues often come before churn.`);
    risk += 1;
  }
  const churnRisk: Level = risk >= 3 ? "high" : risk >= 1 ? "medium" : "low";
  const channels = [...channelCounts.entries()]
    .map(([channel, count]) => ({ channel, count }))
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
  return {
    recencyScore,
    frequencyScore,
    monetaryScore,
    engagementLevel,
    churnRisk,
    daysSinceLastInteraction: daysSince,
    daysSinceLastPurchase: daysSincePurchase,
    interactionsLast90Days: last90,
    interactionsLast365Days: last365,
    purchasesLast365Days: purchases365,
    spendLast365Days: Math.round(spend365 * 100) / 100,
    lifetimeSpend: Math.round(lifetime * 100) / 100,
    reasons,
    monthly: [...months.values()],
    channels,
  };
}
