import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { canonicalJson } from "./apply-triggers";
import { backoffSeconds } from "./deliver-trigger-delivery";
import { matchesEventCondition } from "./match-event-condition";
import { signWebhookBody, verifyWebhookSignature } from "./sign-webhook";
import { jobIdOf } from "./trigger-delivery-runner";
import { applyTriggersInputSchema, triggerConditionSchema } from "./trigger-schemas";

const condition = (where: unknown[]) =>
  triggerConditionSchema.parse({ kind: "event", event: "Order Completed", where });

describe("event conditions", () => {
  const order = {
    event: "Order Completed",
    properties: { revenue: 250, currency: "EUR", tags: ["vip"], product: { category: "Shoes" } },
  };
  it("matches the name and every filter", () => {
    expect(matchesEventCondition(condition([{ property: "revenue", op: "gt", value: 200 }]), order)).toBe(
      true,
    );
    expect(matchesEventCondition(condition([{ property: "revenue", op: "gt", value: 250 }]), order)).toBe(
      false,
    );
    expect(matchesEventCondition(condition([{ property: "revenue", op: "gte", value: 250 }]), order)).toBe(
      true,
    );
    expect(matchesEventCondition(condition([{ property: "revenue", op: "lt", value: 100 }]), order)).toBe(
      false,
    );
    expect(matchesEventCondition(condition([{ property: "currency", op: "eq", value: "eur" }]), order)).toBe(
      true,
    );
    expect(matchesEventCondition(condition([{ property: "currency", op: "neq", value: "EUR" }]), order)).toBe(
      false,
    );
    expect(
      matchesEventCondition(condition([{ property: "currency", op: "in", value: ["USD", "EUR"] }]), order),
    ).toBe(true);
    expect(
      matchesEventCondition(condition([{ property: "tags", op: "contains", value: "vip" }]), order),
    ).toBe(true);
    expect(
      matchesEventCondition(condition([{ property: "product.category", op: "eq", value: "Shoes" }]), order),
    ).toBe(true);
    expect(matchesEventCondition(condition([{ property: "coupon", op: "exists" }]), order)).toBe(false);
    expect(
      matchesEventCondition(condition([{ property: "coupon", op: "exists", value: false }]), order),
    ).toBe(true);
    expect(matchesEventCondition(condition([]), { ...order, event: "Order Refunded" })).toBe(false);
    // A number sent as a string still compares as a number; a missing property never passes a comparison.
    expect(
      matchesEventCondition(condition([{ property: "revenue", op: "gt", value: 200 }]), {
        event: "Order Completed",
        properties: { revenue: "201.5" },
      }),
    ).toBe(true);
    expect(
      matchesEventCondition(condition([{ property: "revenue", op: "lt", value: 200 }]), {
        event: "Order Completed",
        properties: {},
      }),
    ).toBe(false);
  });

  it("names each wrong field of a definition", () => {
    const bad = {
      triggers: [
        {
          key: "Big Order",
          name: "",
          condition: {
            kind: "event",
            event: "Order Completed",
            where: [
              { property: "revenue", op: "gt", value: "200" },
              { property: "x", op: "in", value: 3 },
            ],
          },
          action: { kind: "webhook", url: "ftp://example.com" },
          consent: { purpose: "" },
        },
      ],
    };
    let error: AppError | null = null;
    try {
      parseInput(applyTriggersInputSchema, bad);
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(Object.keys(error!.details!.fieldErrors as object).sort()).toEqual([
      "triggers.0.action.url",
      "triggers.0.condition.where.0.value",
      "triggers.0.condition.where.1.value",
      "triggers.0.consent.purpose",
      "triggers.0.key",
      "triggers.0.name",
    ]);
  });
});

describe("webhook signatures", () => {
  it("verifies what was signed and nothing else", () => {
    const header = signWebhookBody("whsec_a", '{"id":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("whsec_a", '{"id":1}', header, { nowSeconds: 1_700_000_010 })).toBe(true);
    expect(verifyWebhookSignature("whsec_a", '{"id":2}', header, { nowSeconds: 1_700_000_010 })).toBe(false);
    expect(verifyWebhookSignature("whsec_b", '{"id":1}', header, { nowSeconds: 1_700_000_010 })).toBe(false);
    // Too old: a replayed request is refused.
    expect(verifyWebhookSignature("whsec_a", '{"id":1}', header, { nowSeconds: 1_700_001_000 })).toBe(false);
  });
});

describe("delivery scheduling", () => {
  it("backs off exponentially with jitter, up to an hour", () => {
    expect(backoffSeconds(1, () => 0)).toBe(0.5);
    expect(backoffSeconds(1, () => 1)).toBe(1);
    expect(backoffSeconds(5, () => 0)).toBe(8);
    expect(backoffSeconds(40, () => 1)).toBe(3600);
    // Retried for 24 hours: about 35 attempts at the longest draws.
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3600) total += backoffSeconds(++attempts, () => 1);
    expect(attempts).toBeGreaterThan(20);
  });

  it("gives one job id per delivery, round and attempt", () => {
    const id = "9b2f3c1e-8a4d-4f60-9a8b-1c2d3e4f5a6b";
    expect(jobIdOf(id, 0, 0)).toBe(jobIdOf(id, 0, 0));
    expect(jobIdOf(id, 0, 0)).not.toBe(jobIdOf(id, 1, 0));
    expect(jobIdOf(id, 0, 1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("compares definitions regardless of key order", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});
