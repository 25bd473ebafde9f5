// Synthetic customers for the benchmark and the tests: a "buy till you die" process (Fader, Hardie, Lee 2005) with
// what a CDP also sees. Each customer buys at their own rate, and after each purchase may go quiet for good; some
// slow down first; service trouble (tickets) makes going quiet likelier; web visits and email opens follow whether
// they are still around; tastes group products, so some products are bought together. Nothing here is tuned to the
// model: the labels come from the process, and the model sees only the events.
import { DAY_MS, type ConsentChange, type PredictEvent, type ProfileHistory } from "./types";

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [
  "tent",
  "stove",
  "sleeping-bag",
  "backpack",
  "headlamp",
  "rain-jacket",
  "hiking-boots",
  "water-filter",
  "yoga-mat",
  "running-shoes",
  "smart-watch",
  "espresso-machine",
];
const PER_CATEGORY = 5;
/** Tastes: the two categories each kind of customer favours. */
const TASTES: [number, number][] = [
  [0, 1],
  [2, 3],
  [4, 7],
  [5, 6],
  [8, 9],
  [10, 9],
  [11, 4],
  [1, 7],
];

export const SYNTHETIC_SKUS = CATEGORIES.flatMap((c) =>
  Array.from({ length: PER_CATEGORY }, (_, i) => `${c}-${i + 1}`),
);

export interface SyntheticOptions {
  profiles: number;
  /** The end of the synthetic history (epoch ms); it starts three years before. */
  end: number;
  seed?: number;
  /** Index of the first profile (to generate a population in parts); default 0. */
  from?: number;
}

function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

function gamma(random: () => number, shape: number): number {
  // Marsaglia-Tsang for shape >= 1; boosted for shape < 1.
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = random();
      const u2 = random();
      x = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

const YEAR = 365 * DAY_MS;

/** One synthetic customer; the same seed and index always give the same history. */
export function synthesizeHistory(index: number, end: number, seed = 1): ProfileHistory {
  const random = seededRandom(Math.imul(index + 1, 2654435761) ^ Math.imul(seed, 40503));
  const start = end - 3 * YEAR;
  const signup = start + random() * (end - start - 30 * DAY_MS);
  const purchaseRate = (gamma(random, 1.2) * 3.5) / YEAR; // purchases per ms while active
  const quitAfterPurchase = 0.03 + 0.25 * random() ** 2;
  const fading = random() < 0.3 ? (150 + random() * 450) * DAY_MS : 0;
  const ticketRate = (random() < 0.2 ? 2 : 0.3) / YEAR;
  const webRate = purchaseRate * 0.8 + 0.5 / YEAR;
  const consentGiven = random() < 0.7;
  const emailRate = consentGiven ? 4 / YEAR : 0;
  const spendLevel = 30 + gamma(random, 2) * 30;
  const taste = TASTES[Math.floor(random() * TASTES.length)]!;
  const events: PredictEvent[] = [];
  const consent: ConsentChange[] = [{ at: signup, granted: consentGiven }];
  const ticketTimes: number[] = [];
  let alive = true;
  let t = signup;
  const pickSku = () => {
    const category =
      random() < 0.65 ? taste[random() < 0.5 ? 0 : 1] : Math.floor(random() ** 1.6 * CATEGORIES.length);
    return `${CATEGORIES[category]!}-${1 + Math.floor(random() ** 1.5 * PER_CATEGORY)}`;
  };
  for (;;) {
    const rates = [
      alive ? purchaseRate : 0,
      alive ? ticketRate : 0,
      alive ? webRate : webRate * 0.05,
      emailRate,
    ];
    const total = rates[0]! + rates[1]! + rates[2]! + rates[3]!;
    t += exponential(random, total);
    if (t > end) break;
    const u = random() * total;
    if (u < rates[0]!) {
      if (fading > 0 && random() > Math.exp(-(t - signup) / fading)) continue; // slowed down: no order this time
      const items = 1 + (random() < 0.25 ? 1 : 0);
      const skus = Array.from({ length: items }, pickSku);
      const amount = Math.round(spendLevel * items * (0.5 + random()) * 100) / 100;
      events.push({ at: t, channel: "purchase", type: "order", amount, skus });
      const recentTickets = ticketTimes.filter((x) => t - x < 120 * DAY_MS).length;
      if (random() < Math.min(0.95, quitAfterPurchase + 0.15 * recentTickets)) {
        alive = false;
        if (consentGiven && random() < 0.15) consent.push({ at: t + random() * 60 * DAY_MS, granted: false });
      }
    } else if (u < rates[0]! + rates[1]!) {
      ticketTimes.push(t);
      events.push({ at: t, channel: "ticket", type: "ticket_opened", amount: null });
    } else if (u < rates[0]! + rates[1]! + rates[2]!) {
      events.push({ at: t, channel: "web", type: "page_view", amount: null });
    } else {
      events.push({ at: t, channel: "email", type: "email_sent", amount: null });
      if (random() < (alive ? 0.35 : 0.05)) {
        events.push({ at: t + DAY_MS * random(), channel: "email", type: "email_opened", amount: null });
        if (random() < 0.3)
          events.push({
            at: t + DAY_MS * (1 + random()),
            channel: "email",
            type: "email_clicked",
            amount: null,
          });
      }
    }
  }
  return { profileId: `p${index}`, events: events.filter((e) => e.at <= end), consent };
}

/** A synthetic population, generated as it is read: a million customers never sit in memory at once. */
export function* synthesizeHistories(options: SyntheticOptions): Generator<ProfileHistory> {
  const from = options.from ?? 0;
  for (let i = from; i < from + options.profiles; i++)
    yield synthesizeHistory(i, options.end, options.seed ?? 1);
}
