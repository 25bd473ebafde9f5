// Inputs of the quality actions, shared by core (which parses them) and the API (which validates with them).
import { z } from "zod";
import { qualityDimensions, qualityScopes } from "./quality-fields";

const id = z.uuid();

const pattern = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (value) => {
      try {
        new RegExp(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: "The pattern is not a valid regular expression." },
  );

export const qualityRuleParams = z
  .object({
    /** Validity: a regular expression (PostgreSQL syntax) the value must match, instead of the standardizer. */
    pattern: pattern.optional(),
    /** Freshness: records not updated for more days than this are stale. */
    maxAgeDays: z.number().int().min(1, "maxAgeDays is at least 1 day.").max(3650).optional(),
    /** Event freshness: the source's latest event is at most this many hours old. */
    maxAgeHours: z
      .number()
      .int()
      .min(1, "maxAgeHours is at least 1 hour.")
      .max(24 * 365)
      .optional(),
    /** Event attribution and property types: only events received in the last this many days are measured. */
    windowDays: z.number().int().min(1, "windowDays is at least 1 day.").max(3650).optional(),
  })
  .strict();
export type QualityRuleParams = z.output<typeof qualityRuleParams>;

const field = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]*$/, "A field is a canonical field name such as email, phone or dob.")
  .max(64);

export const createQualityRuleInput = z
  .object({
    name: z.string().trim().min(1, "Give the rule a name.").max(200),
    dimension: z.enum(qualityDimensions),
    scope: z.enum(qualityScopes),
    /** Required for scope "source", absent for "golden". */
    sourceId: id.optional(),
    field,
    params: qualityRuleParams.default({}),
    weight: z.number().min(0, "A weight is 0 or more.").max(100).default(1),
    threshold: z
      .number()
      .min(0, "A threshold is between 0 and 1.")
      .max(1, "A threshold is between 0 and 1.")
      .default(0.95),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if (rule.scope === "source" && !rule.sourceId)
      ctx.addIssue({
        code: "custom",
        path: ["sourceId"],
        message: "A source rule needs the source it measures.",
      });
    if (rule.scope === "golden" && rule.sourceId)
      ctx.addIssue({
        code: "custom",
        path: ["sourceId"],
        message: "A golden rule measures golden profiles; leave the source out.",
      });
    if (rule.dimension === "consistency" && rule.scope !== "golden")
      ctx.addIssue({
        code: "custom",
        path: ["scope"],
        message: "Consistency compares sources, so it is measured on golden profiles.",
      });
  });
export type CreateQualityRuleInput = z.input<typeof createQualityRuleInput>;

export const updateQualityRuleInput = z.object({
  ruleId: id,
  name: z.string().trim().min(1, "Give the rule a name.").max(200).optional(),
  params: qualityRuleParams.optional(),
  weight: z.number().min(0, "A weight is 0 or more.").max(100).optional(),
  threshold: z
    .number()
    .min(0, "A threshold is between 0 and 1.")
    .max(1, "A threshold is between 0 and 1.")
    .optional(),
  enabled: z.boolean().optional(),
});
export type UpdateQualityRuleInput = z.input<typeof updateQualityRuleInput>;

export const listQualityRulesInput = z.object({
  dimension: z.enum(qualityDimensions).optional(),
  scope: z.enum(qualityScopes).optional(),
});
export type ListQualityRulesInput = z.input<typeof listQualityRulesInput>;

export const listQualityIssuesInput = z.object({
  status: z.enum(["unresolved", "open", "assigned", "resolved", "wont_fix", "all"]).default("unresolved"),
  /** "me": assigned to the caller; "nobody": not assigned; a user id: assigned to that user; absent: anyone. */
  assignee: z
    .union([z.enum(["me", "nobody"]), id], {
      error: 'assignee must be "me", "nobody" or a user id',
    })
    .optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ListQualityIssuesInput = z.input<typeof listQualityIssuesInput>;

export const issueIdInput = z.object({ issueId: id });
export type IssueIdInput = z.input<typeof issueIdInput>;

export const assignQualityIssueInput = z.object({ issueId: id, assigneeId: id.nullable() });
export type AssignQualityIssueInput = z.input<typeof assignQualityIssueInput>;

export const commentQualityIssueInput = z.object({
  issueId: id,
  body: z.string().trim().min(1, "Write a comment.").max(5000, "Comments are limited to 5,000 characters."),
});
export type CommentQualityIssueInput = z.input<typeof commentQualityIssueInput>;

export const resolveQualityIssueInput = z.object({
  issueId: id,
  /** resolved: fixed (re-opens if the next run still fails); wont_fix: accepted as it is. */
  outcome: z.enum(["resolved", "wont_fix"]).default("resolved"),
  note: z.string().trim().max(5000).optional(),
});
export type ResolveQualityIssueInput = z.input<typeof resolveQualityIssueInput>;

export const qualityMetrics = [
  "duplicates",
  "rule",
  "dimension",
  "merged",
  "golden-profiles",
  "match-rate",
  "consent",
  "privacy",
  "backlog",
  "issues",
] as const;
export type QualityMetric = (typeof qualityMetrics)[number];

export const drillDownInput = z.object({
  metric: z.enum(qualityMetrics),
  /** The rule, source, purpose or dimension the metric is about, when it is about one. */
  key: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export type DrillDownInput = z.input<typeof drillDownInput>;

export const dashboardInput = z
  .object({ trendRuns: z.number().int().min(2).max(365).default(30) })
  .default({ trendRuns: 30 });
export type DashboardInput = z.input<typeof dashboardInput>;
