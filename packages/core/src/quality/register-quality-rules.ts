// Registers the automatic quality rules: for every field each source maps, and for the golden attributes.
// Idempotent: the partial unique index on automatic rules makes a second registration insert nothing.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { registerEventQualityRules } from "./event-quality-rules";
import {
  DEFAULT_THRESHOLDS,
  defaultWeight,
  FRESHNESS_FIELD,
  GOLDEN_RULE_FIELDS,
  GOLDEN_UNIQUE_FIELDS,
  SOURCE_RULE_FIELDS,
  VALIDATED_FIELDS,
  type QualityDimension,
  type QualityScope,
} from "./quality-fields";

interface AutoRule {
  name: string;
  dimension: QualityDimension;
  scope: QualityScope;
  sourceId: string | null;
  field: string;
}

const SAMPLE_PER_SOURCE = 500;

/** The fields a source feeds: its mapping's targets, plus canonical columns seen in a sample of its records. */
async function fieldsOfSources(db: Database): Promise<{ id: string; name: string; fields: string[] }[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    mapping: Record<string, string>;
    keys: string[] | null;
  }>(
    db,
    sql`select s.id, s.name, s.field_mapping as mapping,
          (select array_agg(distinct k) from (select r.raw from source_records r where r.source_id = s.id and r.status = 'active' limit ${SAMPLE_PER_SOURCE}) x,
             jsonb_object_keys(x.raw) k) as keys
        from sources s order by s.name`,
  );
  const known = new Set(SOURCE_RULE_FIELDS);
  return rows.map((row) => {
    const fields = new Set<string>();
    for (const target of Object.values(row.mapping ?? {})) if (known.has(target)) fields.add(target);
    for (const key of row.keys ?? []) if (known.has(key)) fields.add(key);
    return { id: row.id, name: row.name, fields: [...fields].sort() };
  });
}

function autoRulesFor(sources: { id: string; name: string; fields: string[] }[]): AutoRule[] {
  const rules: AutoRule[] = [];
  for (const source of sources) {
    const at = (dimension: QualityDimension, field: string, name: string) =>
      rules.push({ name: `${source.name}: ${name}`, dimension, scope: "source", sourceId: source.id, field });
    for (const field of source.fields) {
      at("completeness", field, `${field} is filled in`);
      if (VALIDATED_FIELDS.has(field)) at("validity", field, `${field} is well-formed`);
    }
    if (source.fields.length > 0) at("freshness", FRESHNESS_FIELD, "records updated within a year");
  }
  const golden = (dimension: QualityDimension, field: string, name: string) =>
    rules.push({ name: `Golden: ${name}`, dimension, scope: "golden", sourceId: null, field });
  for (const field of GOLDEN_RULE_FIELDS) {
    golden("completeness", field, `${field} is known`);
    golden("consistency", field, `sources agree on ${field}`);
  }
  for (const field of GOLDEN_UNIQUE_FIELDS)
    golden("uniqueness", field, `no two profiles share ${field === "email" ? "an" : "a"} ${field}`);
  golden("freshness", FRESHNESS_FIELD, "profiles updated within a year");
  return rules;
}

export async function registerQualityRules(
  db: Database,
  actor: Actor,
): Promise<{ registered: number; total: number }> {
  const rules = autoRulesFor(await fieldsOfSources(db));
  // Event sources get their own three rules (freshness, share unattributed, property types): event-quality-rules.ts.
  const events = await registerEventQualityRules(db);
  if (events > 0)
    await recordAudit(db, actor, {
      action: "quality.rules_register",
      entityType: "quality_rule",
      details: { registered: events, events: true },
    });
  if (rules.length === 0) return { registered: events, total: events };
  const values = rules.map(
    (r) =>
      sql`(${r.name}, ${r.dimension}::quality_dimension, ${r.scope}::quality_scope, ${r.sourceId}::uuid, ${r.field}, ${defaultWeight(r.field)}::float8, ${DEFAULT_THRESHOLDS[r.dimension]}::float8)`,
  );
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`insert into quality_rules (name, dimension, scope, source_id, field, weight, threshold, auto_registered)
        select v.name, v.dimension, v.scope, v.source_id, v.field, v.weight, v.threshold, true
        from (values ${sql.join(values, sql`, `)}) as v(name, dimension, scope, source_id, field, weight, threshold)
        on conflict (dimension, scope, coalesce(source_id::text, ''), field) where auto_registered do nothing
        returning id`,
  );
  if (inserted.length > 0) {
    await recordAudit(db, actor, {
      action: "quality.rules_register",
      entityType: "quality_rule",
      details: { registered: inserted.length },
    });
  }
  return { registered: inserted.length + events, total: rules.length + events };
}
