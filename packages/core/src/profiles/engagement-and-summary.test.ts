import { describe, expect, it } from "vitest";
import { computeEngagement } from "./compute-engagement";
import { findQualityFlags } from "./find-quality-flags";
import { standardizeSearchQuery } from "./search-profiles";
import { summarizeProfile } from "./summarize-profile";

const now = new Date("2026-06-15T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe("computeEngagement", () => {
  it("scores an active, spending customer high with low churn risk", () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      occurredAt: daysAgo(i * 10 + 2),
      channel: i % 3 === 0 ? "purchase" : "web",
      amount: i % 3 === 0 ? 120 : null,
    }));
    const e = computeEngagement({ events }, now);
    expect(e.recencyScore).toBe(5);
    expect(e.frequencyScore).toBe(5);
    expect(e.monetaryScore).toBe(5);
    expect(e.engagementLevel).toBe("high");
    expect(e.churnRisk).toBe("low");
    expect(e.reasons[0]).toMatch(/Active recently/);
    expect(e.monthly).toHaveLength(12);
    expect(e.monthly.at(-1)?.month).toBe("2026-06");
  });

  it("flags a customer who went quiet after buying, with the reasons", () => {
    const events = [
      { occurredAt: daysAgo(400), channel: "purchase", amount: 250 },
      { occurredAt: daysAgo(420), channel: "purchase", amount: 80 },
      { occurredAt: daysAgo(450), channel: "web", amount: null },
      { occurredAt: daysAgo(460), channel: "web", amount: null },
    ];
    const e = computeEngagement({ events }, now);
    expect(e.churnRisk).toBe("high");
    expect(e.daysSinceLastInteraction).toBe(400);
    expect(e.reasons.join(" ")).toMatch(/400 days ago/);
    expect(e.reasons.join(" ")).toMatch(/No purchase for 400 days after \$330/);
    expect(e.lifetimeSpend).toBe(330);
  });

  it("is high risk without any interaction", () => {
    const e = computeEngagement({ events: [] }, now);
    expect(e).toMatchObject({ churnRisk: "high", engagementLevel: "low", daysSinceLastInteraction: null });
  });
});

describe("summarizeProfile", () => {
  it("writes the same plain-language summary from the same data", () => {
    const engagement = computeEngagement(
      { events: [{ occurredAt: daysAgo(5), channel: "purchase", amount: 99 }] },
      now,
    );
    const facts = {
      name: "Pamela Miller",
      city: "Cleveland",
      state: "OH",
      sources: ["billing", "crm"],
      memberCount: 2,
      firstSeenAt: new Date("2024-03-02T00:00:00Z"),
      engagement,
      flags: [],
      householdSize: 1,
      consentsGiven: 1,
      consentsWithdrawn: 0,
    };
    const summary = summarizeProfile(facts);
    expect(summary).toContain(
      "Pamela Miller from Cleveland, OH is one customer resolved from 2 records in 2 source systems (billing and crm), known since 2024-03.",
    );
    expect(summary).toContain("Lifetime spend is $99");
    expect(summary).toContain("Shares a household with 1 other profile.");
    // The sentences follow the facts: a profile alone in its household and from one source says so.
    const alone = summarizeProfile({ ...facts, sources: ["crm"], memberCount: 1, householdSize: 0 });
    expect(alone).not.toContain("household");
    expect(alone).toContain("from 1 record in 1 source system (crm)");
  });
});

describe("findQualityFlags", () => {
  it("flags unreadable contact points, conflicts and missing fields without quoting values", () => {
    const flags = findQualityFlags(
      [
        {
          sourceName: "crm",
          externalId: "crm-1",
          raw: { email: "ada at example" },
          standardized: { email: null },
          updatedAt: daysAgo(10),
        },
        {
          sourceName: "billing",
          externalId: "b-1",
          raw: { email: "ada@example.com" },
          standardized: { email: "ada@example.com" },
          updatedAt: daysAgo(10),
        },
      ],
      [
        {
          attribute: "last_name",
          rule: "most_frequent",
          candidates: [
            { value: "Miller", sourceName: "crm" },
            { value: "Cqrter", sourceName: "billing" },
          ],
        },
        {
          attribute: "email",
          rule: "no_conflict",
          candidates: [{ value: "ada@example.com", sourceName: "billing" }],
        },
      ],
      now,
    );
    expect(flags.map((f) => `${f.kind}:${f.attribute}`)).toEqual(
      expect.arrayContaining([
        "invalid:email",
        "conflict:last_name",
        "missing:phone",
        "missing:dob",
        "missing:city",
      ]),
    );
    expect(flags.find((f) => f.kind === "invalid")?.records).toEqual([
      { sourceName: "crm", externalId: "crm-1" },
    ]);
    expect(JSON.stringify(flags)).not.toMatch(/ada|Miller|Cqrter/);
  });
});

describe("standardizeSearchQuery", () => {
  it("spells phones in E.164 and emails canonically, and recognises ids", () => {
    expect(standardizeSearchQuery("(210) 240-6611")).toMatchObject({ kind: "phone", text: "+12102406611" });
    expect(standardizeSearchQuery("  Ada.Lovelace@GoogleMail.com ")).toMatchObject({
      kind: "email",
      text: "adalovelace@gmail.com",
    });
    expect(standardizeSearchQuery("6611")).toMatchObject({ kind: "digits", text: "6611" });
    expect(standardizeSearchQuery("003DE880-CD98-4797-B4FE-893E3CE271EE")).toMatchObject({ kind: "id" });
    expect(standardizeSearchQuery(" CRM-705 ")).toMatchObject({
      kind: "record",
      text: "crm-705",
      exact: "CRM-705",
    });
    expect(standardizeSearchQuery("pamela 2nd")).toMatchObject({ kind: "text" });
    expect(standardizeSearchQuery("Pamla  Millr")).toMatchObject({ kind: "text", text: "pamla millr" });
    expect(standardizeSearchQuery("   ")).toMatchObject({ kind: "empty" });
  });
});

describe("timeline channels", () => {
  it("are the database's interaction channels, so a channel added to one is not missing from the other", async () => {
    const { interactionChannelEnum } = await import("@c360/db/schema");
    const { timelineChannels } = await import("./profile-schemas");
    expect([...timelineChannels]).toEqual([...interactionChannelEnum.enumValues]);
  });
});
