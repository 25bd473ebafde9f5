// Governance leads and stewards (quality:write) add, tune and switch off rules; everyone with quality:read lists them.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { qualityRules, sources } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { measuredRowsSql } from "./measured-rows";
import {
  createQualityRuleInput,
  listQualityRulesInput,
  updateQualityRuleInput,
  type CreateQualityRuleInput,
  type ListQualityRulesInput,
  type QualityRuleParams,
  type UpdateQualityRuleInput,
} from "./quality-schemas";
import type { QualityDimension, QualityScope } from "./quality-fields";

export interface QualityRuleView {
  id: string;
  name: string;
  dimension: QualityDimension;
  scope: QualityScope;
  sourceId: string | null;
  sourceName: string | null;
  field: string;
  params: QualityRuleParams;
  weight: number;
  threshold: number;
  enabled: boolean;
  autoRegistered: boolean;
  /** The latest result, if the rule has run. */
  lastScore: number | null;
  lastChecked: number | null;
  lastFailed: number | null;
  lastMeasuredAt: Date | null;
}

export async function listQualityRules(
  db: Database,
  input: ListQualityRulesInput = {},
): Promise<QualityRuleView[]> {
  const filter = parseInput(listQualityRulesInput, input);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select q.id, q.name, q.dimension, q.scope, q.source_id as "sourceId", s.name as "sourceName", q.field, q.params, q.weight, q.threshold,
          q.enabled, q.auto_registered as "autoRegistered", last.score as "lastScore", last.checked as "lastChecked", last.failed as "lastFailed",
          last.measured_at as "lastMeasuredAt"
        from quality_rules q
        left join sources s on s.id = q.source_id
        left join lateral (select r.score, r.checked, r.failed, r.measured_at from quality_results r where r.rule_id = q.id order by r.measured_at desc limit 1) last on true
        where (${filter.dimension ?? null}::quality_dimension is null or q.dimension = ${filter.dimension ?? null}::quality_dimension)
          and (${filter.scope ?? null}::quality_scope is null or q.scope = ${filter.scope ?? null}::quality_scope)
        order by q.scope desc, s.name nulls first, q.field, q.dimension`,
  );
  return rows.map((r) => ({
    ...(r as unknown as QualityRuleView),
    weight: Number(r.weight),
    threshold: Number(r.threshold),
    lastScore: r.lastScore === null ? null : Number(r.lastScore),
    lastMeasuredAt: r.lastMeasuredAt === null ? null : new Date(r.lastMeasuredAt as string),
  }));
}

export async function getQualityRule(db: Database, ruleId: string) {
  const [rule] = await db.select().from(qualityRules).where(eq(qualityRules.id, ruleId));
  if (!rule) throw notFound("Quality rule", ruleId);
  return rule;
}

/** Builds the rule's query once, so a rule that could never be measured is refused when written, not at the next run. */
function assertMeasurable(rule: {
  id: string;
  dimension: QualityDimension;
  scope: QualityScope;
  sourceId: string | null;
  field: string;
  params: QualityRuleParams;
}) {
  measuredRowsSql(rule);
}

export async function createQualityRule(db: Database, actor: Actor, input: CreateQualityRuleInput) {
  assertActorCan(actor, "quality:write");
  const data = parseInput(createQualityRuleInput, input);
  if (data.sourceId) {
    const [source] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, data.sourceId));
    if (!source) throw notFound("Source", data.sourceId);
  }
  assertMeasurable({ id: "", ...data, sourceId: data.sourceId ?? null });
  return inTransaction(db, async (tx) => {
    const [rule] = await tx
      .insert(qualityRules)
      .values({ ...data, sourceId: data.sourceId ?? null, autoRegistered: false, createdById: actor.userId })
      .returning();
    await recordAudit(tx, actor, {
      action: "quality.rule_create",
      entityType: "quality_rule",
      entityId: rule!.id,
      details: { dimension: data.dimension, scope: data.scope, field: data.field },
    });
    return rule!;
  });
}

export async function updateQualityRule(db: Database, actor: Actor, input: UpdateQualityRuleInput) {
  assertActorCan(actor, "quality:write");
  const { ruleId, ...changes } = parseInput(updateQualityRuleInput, input);
  if (Object.keys(changes).length === 0)
    throw new AppError(
      "BAD_REQUEST",
      "Nothing to change: give a name, params, weight, threshold or enabled.",
    );
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(qualityRules).where(eq(qualityRules.id, ruleId)).for("update");
    if (!before) throw notFound("Quality rule", ruleId);
    if (changes.params) assertMeasurable({ ...before, params: changes.params });
    const [rule] = await tx.update(qualityRules).set(changes).where(eq(qualityRules.id, ruleId)).returning();
    const changed = Object.fromEntries(
      Object.keys(changes).map((key) => [
        key,
        { from: before[key as keyof typeof before], to: changes[key as keyof typeof changes] },
      ]),
    );
    await recordAudit(tx, actor, {
      action: "quality.rule_update",
      entityType: "quality_rule",
      entityId: ruleId,
      details: changed,
    });
    return rule!;
  });
}
