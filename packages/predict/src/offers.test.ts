import { describe, expect, it } from "vitest";
import { SkuIndex, buildOfferModel, evaluateOffers, popularOffers, recommendOffers } from "./offers";

function shop(baskets: string[][]) {
  const index = new SkuIndex();
  const ids = baskets.map((b) => b.map((s) => index.id(s)));
  return { index, ids, model: buildOfferModel(ids, index.skus) };
}

describe("co-purchase offers", () => {
  const { index, model } = shop([
    ["tent", "stove"],
    ["tent", "stove"],
    ["tent", "stove"],
    ["tent", "stove", "lamp"],
    ["tent", "mat"],
    ...new Array<string[]>(6).fill(["gift-card"]),
    ...new Array<string[]>(5).fill(["socks"]),
    ...new Array<string[]>(4).fill(["mug"]),
    ["mug", "lamp"],
    ["mug", "lamp"],
  ]);
  const id = (sku: string) => index.find(sku)!;

  it("offers what people who bought the same bought, with the reason in words", () => {
    const [first] = recommendOffers(model, [id("tent")]);
    expect(first).toMatchObject({ sku: "stove", because: "tent" });
    expect(first!.reason).toBe("Bought tent; 80% of people who bought tent also bought stove.");
  });
  it("never offers what the person has, ignores pairs bought together once, and tops up with popular products", () => {
    const offers = recommendOffers(model, [id("tent"), id("stove")]);
    const skus = offers.map((o) => o.sku);
    expect(skus).not.toContain("tent");
    expect(skus).not.toContain("stove");
    expect(skus).not.toContain("mat"); // bought with a tent by one person only
    expect(offers).toHaveLength(3);
    // The lamp was bought with a stove once: no co-purchase offer is left, so all three are the most popular.
    expect(skus).toEqual(["gift-card", "mug", "socks"]);
    expect(offers.every((o) => o.because === null)).toBe(true);
  });
  it("ranks the popularity baseline by buyers", () => {
    expect(popularOffers(model, []).map((o) => o.sku)).toEqual(["gift-card", "mug", "tent"]);
    expect(popularOffers(model, [id("gift-card")])[0]!.reason).toBe("Popular: bought by 6 of 22 customers.");
  });
  it("measures hit rate at 3 on later orders against popularity, on the same people", () => {
    const evaluation = evaluateOffers(model, [
      { owned: [id("tent")], future: [id("stove")] },
      { owned: [id("mug")], future: [id("lamp")] },
      { owned: [id("socks")], future: [id("gift-card")] },
      { owned: [id("tent")], future: [id("tent")] }, // only a repeat: not a case
      { owned: [], future: [id("mug")] }, // nothing owned: not a case
    ]);
    expect(evaluation.cases).toBe(3);
    expect(evaluation.hitRate).toBe(1);
    // Popularity offers gift card, mug, socks, tent (less what is owned): it finds only the gift card.
    expect(evaluation.popularityHitRate).toBeCloseTo(1 / 3, 12);
    expect(evaluation.ratio).toBeCloseTo(3, 12);
  });
});
