// The set of rows a rule looks at, one SQL query per dimension and scope: every row says whether it fails.
// Evaluation counts this set and the drill-down lists its failing rows, so both always agree.
import type { FieldMapping } from "@c360/db/schema";
import { sql, type SQL } from "drizzle-orm";
import { AppError } from "../errors";
import { eventMeasuredRowsSql, isEventQualityField } from "./event-quality-rules";
import {
  DEFAULT_FRESHNESS_DAYS,
  GOLDEN_VALUE_PATTERNS,
  STANDARD_KEY_OF_FIELD,
  VALIDATED_FIELDS,
  type QualityDimension,
  type QualityScope,
} from "./quality-fields";
import type { QualityRuleParams } from "./quality-schemas";

export interface MeasuredRule {
  id: string;
  dimension: QualityDimension;
  scope: QualityScope;
  sourceId: string | null;
  field: string;
  params: QualityRuleParams;
}

/** Columns of every measured query: record_id (a source record), profile_id, value (text), grp (the shared value of a duplicate), failing. */
export type MeasuredRow = {
  record_id: string | null;
  profile_id: string | null;
  value: string | null;
  grp: string | null;
  failing: boolean;
};

/** The raw columns of a source that feed a field: those mapped to it, and a column named like it unless another is mapped. */
export function rawColumnsOf(field: string, mapping: FieldMapping): string[] {
  const mapped = Object.entries(mapping)
    .filter(([, target]) => target === field)
    .map(([column]) => column);
  return mapped.length > 0 ? mapped : [field];
}

/** The first non-blank raw value of the field, as text. */
function rawValue(field: string, mapping: FieldMapping): SQL {
  const parts = rawColumnsOf(field, mapping).map((column) => sql`nullif(trim(r.raw->>${column}), '')`);
  return parts.length === 1 ? parts[0]! : sql`coalesce(${sql.join(parts, sql`, `)})`;
}

function standardKey(field: string): string {
  const key = STANDARD_KEY_OF_FIELD[field];
  if (!key)
    throw new AppError(
      "BAD_REQUEST",
      `The field "${field}" has no standardized form; choose one of ${Object.keys(STANDARD_KEY_OF_FIELD).join(", ")}.`,
    );
  return key;
}

function maxAge(params: QualityRuleParams): SQL {
  return sql`make_interval(days => ${params.maxAgeDays ?? DEFAULT_FRESHNESS_DAYS}::int)`;
}

function sourceRows(rule: MeasuredRule, mapping: FieldMapping): SQL {
  const base = sql`from source_records r where r.source_id = ${rule.sourceId}::uuid and r.status = 'active'`;
  switch (rule.dimension) {
    case "completeness": {
      const value = rawValue(rule.field, mapping);
      return sql`select r.id as record_id, r.profile_id, ${value} as value, null::text as grp, ${value} is null as failing ${base}`;
    }
    case "validity": {
      const value = rawValue(rule.field, mapping);
      if (rule.params.pattern) {
        return sql`select r.id as record_id, r.profile_id, ${value} as value, null::text as grp, ${value} !~ ${rule.params.pattern} as failing ${base} and ${value} is not null`;
      }
      if (!VALIDATED_FIELDS.has(rule.field)) {
        throw new AppError(
          "BAD_REQUEST",
          `c360 has no validator for "${rule.field}"; give the rule a pattern.`,
        );
      }
      const key = standardKey(rule.field);
      return sql`select r.id as record_id, r.profile_id, ${value} as value, null::text as grp, r.standardized->>${key} is null as failing ${base} and ${value} is not null`;
    }
    case "uniqueness": {
      const key = standardKey(rule.field);
      return sql`select v.record_id, v.profile_id, v.value, v.value as grp, c.n > 1 as failing
        from (select r.id as record_id, r.profile_id, r.standardized->>${key} as value ${base} and r.standardized->>${key} is not null) v
        join (select r.standardized->>${key} as value, count(*) as n ${base} and r.standardized->>${key} is not null group by 1) c on c.value = v.value`;
    }
    case "freshness":
      return sql`select r.id as record_id, r.profile_id, to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD') as value, null::text as grp,
        r.updated_at < now() - ${maxAge(rule.params)} as failing ${base}`;
    case "consistency":
      throw new AppError("BAD_REQUEST", "Consistency is measured on golden profiles, not on one source.");
  }
}

/** A member record standing for a golden profile, for samples and drill-downs (only looked up for failing rows). */
const memberOf = (profile: SQL) =>
  sql`(select m.id from source_records m where m.profile_id = ${profile} and m.status = 'active' order by m.id limit 1)`;

function goldenRows(rule: MeasuredRule): SQL {
  const attribute = rule.field;
  const active = sql`from profiles p where p.status = 'active'`;
  switch (rule.dimension) {
    case "completeness":
      return sql`select case when ga.profile_id is null then ${memberOf(sql`p.id`)} else ga.source_record_id end as record_id, p.id as profile_id,
          ga.value#>>'{}' as value, null::text as grp, ga.profile_id is null as failing
        from profiles p left join golden_attributes ga on ga.profile_id = p.id and ga.attribute = ${attribute}
        where p.status = 'active'`;
    case "validity": {
      const pattern = rule.params.pattern ?? GOLDEN_VALUE_PATTERNS[attribute];
      if (!pattern)
        throw new AppError(
          "BAD_REQUEST",
          `Golden "${attribute}" has no default pattern; give the rule a pattern.`,
        );
      return sql`select ga.source_record_id as record_id, p.id as profile_id, ga.value#>>'{}' as value, null::text as grp,
          (ga.value#>>'{}') !~ ${pattern} as failing
        from profiles p join golden_attributes ga on ga.profile_id = p.id and ga.attribute = ${attribute} where p.status = 'active'`;
    }
    case "uniqueness":
      return sql`select v.record_id, v.profile_id, v.value, v.grp, c.n > 1 as failing
        from (select ga.source_record_id as record_id, p.id as profile_id, ga.value#>>'{}' as value, lower(ga.value#>>'{}') as grp
              from profiles p join golden_attributes ga on ga.profile_id = p.id and ga.attribute = ${attribute} where p.status = 'active') v
        join (select lower(ga.value#>>'{}') as grp, count(*) as n
              from profiles p join golden_attributes ga on ga.profile_id = p.id and ga.attribute = ${attribute} where p.status = 'active' group by 1) c
          on c.grp = v.grp`;
    case "consistency": {
      // Conflicting: the records behind the profile disagree on the value (survivorship had to choose). The count
      // is stored with the decision; a row restored from a snapshot taken before migration 0013 has its candidates.
      const distinctValues = sql`coalesce((ga.rule_detail->>'distinctValues')::int,
        (select count(distinct c->>'value') from jsonb_array_elements(coalesce(ga.rule_detail->'candidates', '[]'::jsonb)) c))`;
      return sql`select ga.source_record_id as record_id, p.id as profile_id, ga.value#>>'{}' as value, null::text as grp,
          ga.rule <> 'no_conflict' and ${distinctValues} > 1 as failing
        from profiles p join golden_attributes ga on ga.profile_id = p.id and ga.attribute = ${attribute} where p.status = 'active'`;
    }
    case "freshness":
      return sql`select case when p.updated_at < now() - ${maxAge(rule.params)} then ${memberOf(sql`p.id`)} end as record_id, p.id as profile_id,
          to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD') as value, null::text as grp, p.updated_at < now() - ${maxAge(rule.params)} as failing
        ${active}`;
  }
}

/** The measured rows of a rule as a subquery; the source's field mapping tells which raw columns feed the field. */
export function measuredRowsSql(rule: MeasuredRule, mapping: FieldMapping = {}): SQL {
  if (rule.scope === "source" && isEventQualityField(rule.field)) return eventMeasuredRowsSql(rule);
  return rule.scope === "source" ? sourceRows(rule, mapping) : goldenRows(rule);
}
