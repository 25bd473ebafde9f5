// Survivorship: the golden value of each attribute of a cluster, chosen by a per-attribute rule, with provenance
// (which record and source it came from, and which rule chose it).

export type SurvivorshipRule = "sourceTrust" | "mostRecent" | "mostFrequent" | "mostComplete" | "longest";

export interface SurvivorshipMember {
  recordId: string;
  source: string | null;
  /** ISO timestamp of the record's last change in its source. */
  updatedAt: string | null;
  values: Readonly<Record<string, string | null | undefined>>;
}

export interface SurvivorshipConfig {
  /** Rule per attribute; a list is tried in order, each breaking the previous one's ties. */
  rules?: Readonly<Record<string, SurvivorshipRule | readonly SurvivorshipRule[]>>;
  /** Rule for attributes without their own. */
  defaultRule?: SurvivorshipRule | readonly SurvivorshipRule[];
  /** Sources from most to least trusted; per attribute when trust differs (billing for address, crm for name). */
  sourceTrust?: readonly string[] | Readonly<Record<string, readonly string[]>>;
}

export interface GoldenValue {
  value: string;
  recordId: string;
  source: string | null;
  /** The rule that decided (the first in the list that narrowed the choice to one value). */
  rule: SurvivorshipRule;
}

interface Candidate {
  member: SurvivorshipMember;
  value: string;
}

function trustOrder(config: SurvivorshipConfig, attribute: string): readonly string[] {
  const trust = config.sourceTrust;
  if (!trust) return [];
  return Array.isArray(trust) ? trust : ((trust as Record<string, readonly string[]>)[attribute] ?? []);
}

function filledCount(member: SurvivorshipMember): number {
  return Object.values(member.values).filter((v) => v !== null && v !== undefined && v !== "").length;
}

/** Keeps the candidates that score best under one rule. */
function bestBy(
  rule: SurvivorshipRule,
  candidates: Candidate[],
  all: Candidate[],
  trust: readonly string[],
): Candidate[] {
  let score: (c: Candidate) => number;
  switch (rule) {
    case "sourceTrust":
      score = (c) => {
        const rank = c.member.source === null ? -1 : trust.indexOf(c.member.source);
        return rank < 0 ? -Infinity : -rank;
      };
      break;
    case "mostRecent":
      score = (c) => (c.member.updatedAt ? Date.parse(c.member.updatedAt) || -Infinity : -Infinity);
      break;
    case "mostFrequent":
      score = (c) => all.filter((o) => o.value === c.value).length;
      break;
    case "mostComplete":
      score = (c) => filledCount(c.member);
      break;
    case "longest":
      score = (c) => c.value.length;
      break;
  }
  const scores = candidates.map(score);
  const top = Math.max(...scores);
  return candidates.filter((_, i) => scores[i] === top);
}

/** The golden value of every attribute that any member fills. */
export function surviveAttributes(
  members: readonly SurvivorshipMember[],
  config: SurvivorshipConfig = {},
): Record<string, GoldenValue> {
  const attributes = new Set(members.flatMap((m) => Object.keys(m.values)));
  const golden: Record<string, GoldenValue> = {};
  for (const attribute of attributes) {
    const all: Candidate[] = members.flatMap((member) => {
      const value = member.values[attribute];
      return value === null || value === undefined || value === "" ? [] : [{ member, value }];
    });
    if (all.length === 0) continue;
    const ruleSpec = config.rules?.[attribute] ??
      config.defaultRule ?? ["sourceTrust", "mostRecent", "mostFrequent"];
    const rules: readonly SurvivorshipRule[] = typeof ruleSpec === "string" ? [ruleSpec] : ruleSpec;
    let remaining = all;
    let decidedBy: SurvivorshipRule = rules[0] ?? "mostFrequent";
    for (const rule of rules) {
      const narrowed = bestBy(rule, remaining, all, trustOrder(config, attribute));
      if (narrowed.length < remaining.length) decidedBy = rule;
      remaining = narrowed;
      if (new Set(remaining.map((c) => c.value)).size === 1) break;
    }
    // A tie no rule broke: the smallest record id, so the result never depends on input order.
    remaining.sort((x, y) =>
      x.member.recordId < y.member.recordId ? -1 : x.member.recordId > y.member.recordId ? 1 : 0,
    );
    const chosen = remaining[0]!;
    golden[attribute] = {
      value: chosen.value,
      recordId: chosen.member.recordId,
      source: chosen.member.source,
      rule: decidedBy,
    };
  }
  return golden;
}
