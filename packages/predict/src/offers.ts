// Next-best-offer from co-purchase: "people who bought X bought Y", item to item, with the reason in words; and the
// popularity baseline it has to beat on orders that came later.

export interface OfferNeighbour {
  /** Index into `skus`. */
  to: number;
  /** People who bought both. */
  together: number;
  /** Cosine of the two products' buyer sets: together / sqrt(buyers(from) * buyers(to)). */
  similarity: number;
}

export interface OfferModel {
  skus: string[];
  /** People who bought each product. */
  buyers: number[];
  /** Per product, its closest products, best first. */
  neighbours: OfferNeighbour[][];
  /** People with at least one purchase of a known product. */
  people: number;
}

export interface Offer {
  sku: string;
  score: number;
  /** The product that led to it; null when it is offered for its popularity. */
  because: string | null;
  reason: string;
}

export interface OfferOptions {
  /** Closest products kept per product (the stored model's size). */
  neighbours?: number;
  /** Products of one person counted for pairs (the most recent ones when the caller orders them so). */
  maxBasket?: number;
  /** Pairs bought together by fewer people than this are ignored as noise. */
  minTogether?: number;
}

/** Interns product codes as small integers, so baskets are arrays of numbers. */
export class SkuIndex {
  readonly skus: string[] = [];
  private readonly ids = new Map<string, number>();
  id(sku: string): number {
    let id = this.ids.get(sku);
    if (id === undefined) {
      id = this.skus.length;
      this.skus.push(sku);
      this.ids.set(sku, id);
    }
    return id;
  }
  find(sku: string): number | undefined {
    return this.ids.get(sku);
  }
}

/** Co-purchase counts over people's baskets (each basket: the distinct products one person bought). */
export function buildOfferModel(
  baskets: Iterable<readonly number[]>,
  skus: readonly string[],
  options: OfferOptions = {},
): OfferModel {
  const keep = options.neighbours ?? 20;
  const maxBasket = options.maxBasket ?? 50;
  const minTogether = options.minTogether ?? 2;
  const size = skus.length;
  const buyers = new Array<number>(size).fill(0);
  const pairs = new Map<number, number>();
  let people = 0;
  for (const basket of baskets) {
    const items = [...new Set(basket)].slice(0, maxBasket);
    if (items.length === 0) continue;
    people++;
    for (const a of items) buyers[a]!++;
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        const a = Math.min(items[i]!, items[j]!);
        const b = Math.max(items[i]!, items[j]!);
        const key = a * size + b;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
  }
  const neighbours: OfferNeighbour[][] = Array.from({ length: size }, () => []);
  for (const [key, together] of pairs) {
    if (together < minTogether) continue;
    const a = Math.floor(key / size);
    const b = key % size;
    const similarity = together / Math.sqrt(buyers[a]! * buyers[b]!);
    neighbours[a]!.push({ to: b, together, similarity });
    neighbours[b]!.push({ to: a, together, similarity });
  }
  for (let s = 0; s < size; s++) {
    neighbours[s] = neighbours[s]!.sort((x, y) => y.similarity - x.similarity || x.to - y.to).slice(0, keep);
  }
  return { skus: [...skus], buyers, neighbours, people };
}

const popularity = new WeakMap<OfferModel, { id: number; count: number }[]>();

/** Products by buyers, most first, computed once per model (scoring a million people asks for it each time). */
function popularOrder(model: OfferModel): { id: number; count: number }[] {
  let order = popularity.get(model);
  if (order === undefined) {
    order = model.buyers
      .map((count, id) => ({ id, count }))
      .filter((item) => item.count > 0)
      .sort((x, y) => y.count - x.count || x.id - y.id);
    popularity.set(model, order);
  }
  return order;
}

/** The most bought products the person does not have yet: the baseline. */
export function popularOffers(model: OfferModel, owned: readonly number[], k = 3): Offer[] {
  const have = new Set(owned);
  const order: { id: number; count: number }[] = [];
  for (const item of popularOrder(model)) {
    if (order.length >= k) break;
    if (!have.has(item.id)) order.push(item);
  }
  return order.map(({ id, count }) => ({
    sku: model.skus[id]!,
    score: model.people === 0 ? 0 : count / model.people,
    because: null,
    reason: `Popular: bought by ${count.toLocaleString("en-US")} of ${model.people.toLocaleString("en-US")} customers.`,
  }));
}

/** The top `k` products for a person who owns `owned`, each with the product that led to it, topped up by popularity. */
export function recommendOffers(model: OfferModel, owned: readonly number[], k = 3): Offer[] {
  const have = new Set(owned);
  const candidates = new Map<number, { score: number; from: number; best: OfferNeighbour }>();
  for (const from of have) {
    for (const neighbour of model.neighbours[from] ?? []) {
      if (have.has(neighbour.to)) continue;
      const current = candidates.get(neighbour.to);
      if (current === undefined)
        candidates.set(neighbour.to, { score: neighbour.similarity, from, best: neighbour });
      else {
        current.score += neighbour.similarity;
        if (neighbour.similarity > current.best.similarity) {
          current.best = neighbour;
          current.from = from;
        }
      }
    }
  }
  const ranked = [...candidates.entries()]
    .sort(([a, x], [b, y]) => y.score - x.score || model.buyers[b]! - model.buyers[a]! || a - b)
    .slice(0, k);
  const offers: Offer[] = ranked.map(([to, { score, from, best }]) => {
    const fromSku = model.skus[from]!;
    const share = Math.round((best.together / model.buyers[from]!) * 100);
    return {
      sku: model.skus[to]!,
      score,
      because: fromSku,
      reason: `Bought ${fromSku}; ${share}% of people who bought ${fromSku} also bought ${model.skus[to]!}.`,
    };
  });
  if (offers.length < k) {
    const taken = new Set(offers.map((o) => o.sku));
    for (const offer of popularOffers(model, owned, k + offers.length)) {
      if (offers.length >= k) break;
      if (!taken.has(offer.sku)) offers.push(offer);
    }
  }
  return offers;
}

export interface OfferCase {
  /** Products bought up to the cut-off. */
  owned: readonly number[];
  /** Products bought after it (the held-out future orders). */
  future: readonly number[];
}

export interface OfferEvaluation {
  /** People with something owned and a later order of a product they did not own yet. */
  cases: number;
  /** Share of cases where one of the 3 offers was bought later. */
  hitRate: number;
  popularityHitRate: number;
  /** hitRate / popularityHitRate. */
  ratio: number;
}

/** Hit rate at k on held-out future orders, co-purchase against popularity, on the same people. */
export function evaluateOffers(model: OfferModel, cases: Iterable<OfferCase>, k = 3): OfferEvaluation {
  let count = 0;
  let hits = 0;
  let popularHits = 0;
  for (const { owned, future } of cases) {
    const have = new Set(owned);
    const fresh = new Set(future.filter((f) => !have.has(f)).map((f) => model.skus[f]));
    if (owned.length === 0 || fresh.size === 0) continue;
    count++;
    if (recommendOffers(model, owned, k).some((o) => fresh.has(o.sku))) hits++;
    if (popularOffers(model, owned, k).some((o) => fresh.has(o.sku))) popularHits++;
  }
  const hitRate = count === 0 ? Number.NaN : hits / count;
  const popularityHitRate = count === 0 ? Number.NaN : popularHits / count;
  return { cases: count, hitRate, popularityHitRate, ratio: hitRate / popularityHitRate };
}
