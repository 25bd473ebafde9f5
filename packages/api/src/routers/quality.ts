// Data quality: the executive dashboard and its drill-downs, rules, runs and the issues stewards work through.
// Thin: core validates again, acts in one transaction and audits.
import { drillDownQuality } from "@c360/core/quality/drill-down-quality";
import { getQualityDashboard } from "@c360/core/quality/get-quality-dashboard";
import {
  assignQualityIssue,
  commentOnQualityIssue,
  getQualityIssue,
  listQualityIssues,
  resolveQualityIssue,
} from "@c360/core/quality/manage-quality-issues";
import {
  createQualityRule,
  listQualityRules,
  updateQualityRule,
} from "@c360/core/quality/manage-quality-rules";
import {
  assignQualityIssueInput,
  commentQualityIssueInput,
  createQualityRuleInput,
  dashboardInput,
  drillDownInput,
  issueIdInput,
  listQualityIssuesInput,
  listQualityRulesInput,
  resolveQualityIssueInput,
  updateQualityRuleInput,
} from "@c360/core/quality/quality-schemas";
import { runQualityChecks } from "@c360/core/quality/run-quality-checks";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const reader = () => procedureFor("quality:read");
const writer = () => procedureFor("quality:write");

export const qualityRouter = {
  dashboard: reader()
    .input(dashboardInput.optional())
    .query(({ ctx, input }) => getQualityDashboard(ctx.db, input)),
  drillDown: reader()
    .input(drillDownInput)
    .query(({ ctx, input }) => drillDownQuality(ctx.db, ctx.actor, input)),
  listRules: reader()
    .input(listQualityRulesInput.optional())
    .query(({ ctx, input }) => listQualityRules(ctx.db, input)),
  createRule: writer()
    .input(createQualityRuleInput)
    .mutation(({ ctx, input }) => createQualityRule(ctx.db, ctx.actor, input)),
  updateRule: writer()
    .input(updateQualityRuleInput)
    .mutation(({ ctx, input }) => updateQualityRule(ctx.db, ctx.actor, input)),
  runNow: writer().mutation(({ ctx }) => runQualityChecks(ctx.db, ctx.actor, { trigger: "manual" })),
  listIssues: reader()
    .input(listQualityIssuesInput.optional())
    .query(({ ctx, input }) => listQualityIssues(ctx.db, ctx.actor, input)),
  getIssue: reader()
    .input(issueIdInput)
    .query(({ ctx, input }) => getQualityIssue(ctx.db, input)),
  assignIssue: writer()
    .input(assignQualityIssueInput)
    .mutation(({ ctx, input }) => assignQualityIssue(ctx.db, ctx.actor, input)),
  commentOnIssue: writer()
    .input(commentQualityIssueInput)
    .mutation(({ ctx, input }) => commentOnQualityIssue(ctx.db, ctx.actor, input)),
  resolveIssue: writer()
    .input(resolveQualityIssueInput)
    .mutation(({ ctx, input }) => resolveQualityIssue(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
