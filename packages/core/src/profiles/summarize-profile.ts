// A plain-language summary of a customer, written from the data by fixed rules (no external AI): the same data
// always reads the same. It names no contact point, birth date or street, so it needs no masking.
import type { Engagement } from "./compute-engagement";
import type { QualityFlag } from "./find-quality-flags";

export interface SummaryFacts {
  name: string | null;
  city: string | null;
  state: string | null;
  sources: readonly string[];
  memberCount: number;
  firstSeenAt: Date | null;
  engagement: Engagement;
  flags: readonly QualityFlag[];
  householdSize: number;
  consentsGiven: number;
  consentsWithdrawn: number;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function summarizeProfile(facts: SummaryFacts): string {
  const e = facts.engagement;
  const who = facts.name ?? "This customer";
  const place = facts.city ? ` from ${facts.city}${facts.state ? `, ${facts.state}` : ""}` : "";
  const since = facts.firstSeenAt ? `, known since ${facts.firstSeenAt.toISOString().slice(0, 7)}` : "";
  const sentences = [
    `${who}${place} is one customer resolved from ${plural(facts.memberCount, "record")} in ${plural(facts.sources.length, "source system")} (${list([...facts.sources])})${since}.`,
  ];
  if (e.daysSinceLastInteraction === null) {
    sentences.push("There are no interactions on record.");
  } else {
    const top = e.channels.slice(0, 2).map((c) => c.channel);
    sentences.push(
      `Engagement is ${e.engagementLevel}: ${plural(e.interactionsLast365Days, "interaction")} in the last year, mostly ${list(top)}, the latest ${e.daysSinceLastInteraction} days ago.`,
    );
  }
  if (e.lifetimeSpend > 0) {
    sentences.push(
      `Lifetime spend is $${Math.round(e.lifetimeSpend).toLocaleString("en-US")}, of which $${Math.round(e.spendLast365Days).toLocaleString("en-US")} in the last year.`,
    );
  }
  sentences.push(
    `Churn risk is ${e.churnRisk}${e.churnRisk === "low" ? "" : ` because ${e.reasons[0]?.replace(/\.$/, "").replace(/^./, (c) => c.toLowerCase())}`}.`,
  );
  if (facts.householdSize > 0)
    sentences.push(`Shares a household with ${plural(facts.householdSize, "other profile")}.`);
  if (facts.consentsGiven + facts.consentsWithdrawn > 0) {
    sentences.push(
      `Consent: ${facts.consentsGiven} purpose${facts.consentsGiven === 1 ? "" : "s"} given, ${facts.consentsWithdrawn} withdrawn or refused.`,
    );
  }
  const warnings = facts.flags.filter((f) => f.severity !== "info").length;
  if (warnings > 0) sentences.push(`${plural(warnings, "data-quality warning")} to review.`);
  return sentences.join(" ");
}
