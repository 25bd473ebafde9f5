// The review budget, a product setting: how much of the profile base may wait for a steward at once
// (C360_REVIEW_BUDGET, a share of profiles, 0.03 by default) and how likely a steward's answer must be to change the
// automatic decision for a pair to be asked at all (C360_REVIEW_MIN_CHANGE, 0.3 by default). Batch and real-time
// resolution read it alike.
import { DEFAULT_REVIEW_POLICY, type ReviewPolicy } from "@c360/matching/decide/review-band";
import { z } from "zod";

const share = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === "") return fallback;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > 1) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a share between 0 and 1 (for example 0.03 for 3 %), got "${text}"`,
        });
        return z.NEVER;
      }
      return value;
    });

const reviewEnv = z.object({
  C360_REVIEW_BUDGET: share("C360_REVIEW_BUDGET", DEFAULT_REVIEW_POLICY.budgetShare),
  C360_REVIEW_MIN_CHANGE: share("C360_REVIEW_MIN_CHANGE", DEFAULT_REVIEW_POLICY.minChangeProbability),
});

export function readReviewPolicy(source: Record<string, string | undefined> = process.env): ReviewPolicy {
  const parsed = reviewEnv.safeParse({
    C360_REVIEW_BUDGET: source.C360_REVIEW_BUDGET,
    C360_REVIEW_MIN_CHANGE: source.C360_REVIEW_MIN_CHANGE,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  return {
    budgetShare: parsed.data.C360_REVIEW_BUDGET,
    minChangeProbability: parsed.data.C360_REVIEW_MIN_CHANGE,
  };
}
