// The records behind every number of the quality dashboard: each metric's rows, a page at a time. For a rule the
// rows come from the same measured query the run counted, so the list is exactly the failing records.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import { actorCan, type Actor } from "../actor";
import { AppError } from "../errors";
import { maskEmail, maskLooseString } from "../profiles/mask-pii";
import { isEventQualityField } from "./event-quality-rules";
import { parseInput } from "../parse-input";
import { getQualityRule } from "./manage-quality-rules";
import { measuredRowsSql, type MeasuredRule } from "./measured-rows";
import { qualityDimensions, type QualityDimension } from "./quality-fields";
import { drillDownInput, type DrillDownInput, type QualityRuleParams } from "./quality-schemas";

export type DrillCell = string | number | boolean | null;
export interface DrillDown {
  title: string;
  columns: { key: string; label: string }[];
  rows: Record<string, DrillCell>[];
  total: number;
  /**
   * True when the caller may not read profiles (an executive): record-level metrics answer with counts grouped by
   * source, field or channel instead of records and profile ids they could not open (issue 25, defect 6).
   */
  aggregated: boolean;
}

/** Counts over a record-level query, for callers without profile:read: one row per group, largest first. */
async function aggregate(
  db: Database,
  query: SQL,
  groups: { key: string; label: string; expression: SQL }[],
  counts: { key: string; label: string; expression: SQL }[],
): Promise<{ columns: { key: string; label: string }[]; rows: Record<string, DrillCell>[]; total: number }> {
  const select = [
    ...groups.map((g) => sql`${g.expression} as ${sql.identifier(g.key)}`),
    ...counts.map((c) => sql`${c.expression}::int as ${sql.identifier(c.key)}`),
  ];
  const rows = await queryRows<Record<string, DrillCell>>(
    db,
    sql`select ${sql.join(select, sql`, `)} from (${query}) q
        group by ${sql.join(
          groups.map((_, i) => sql.raw(String(i + 1))),
          sql`, `,
        )}
        order by ${sql.raw(String(groups.length + 1))} desc limit 500`,
  );
  return {
    columns: [...groups, ...counts].map(({ key, label }) => ({ key, label })),
    rows,
    total: rows.reduce((n, row) => n + Number(row[counts[0]!.key] ?? 0), 0),
  };
}

/**
 * Values that may be personal data are shown only to roles with profile:pii; others see their shape. An email is
 * masked as the profile view masks it (a•••@•••.com): its domain can name a small employer or the person.
 */
export function maskValue(value: string | null): string | null {
  if (value === null || value === "") return value;
  if (value.indexOf("@") > 0) return maskEmail(value);
  return `${value[0]}${"•".repeat(Math.min(6, Math.max(1, value.length - 1)))}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function requireUuid(key: string | undefined, what: string): string {
  if (!key || !uuidPattern.test(key))
    throw new AppError("BAD_REQUEST", `This drill-down needs the id of a ${what}.`);
  return key;
}

async function page(db: Database, query: SQL, limit: number, offset: number, order: SQL) {
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${query}) q`);
  const rows = await queryRows<Record<string, DrillCell>>(
    db,
    sql`select * from (${query}) q order by ${order} limit ${limit} offset ${offset}`,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Failing rows of measured rules, with the record's source and external id beside them. */
function failingRecords(rules: { rule: MeasuredRule; mapping: Record<string, string> }[]): SQL {
  const parts = rules.map(
    ({ rule, mapping }) =>
      sql`select ${rule.field}::text as field, m.record_id, m.profile_id, m.value, m.grp from (${measuredRowsSql(rule, mapping)}) m where m.failing`,
  );
  return sql`select f.field, f.grp as "sharedValue", f.value, f.profile_id::text as "profileId", f.record_id::text as "recordId",
      s.name as "source", r.external_id as "externalId"
    from (${sql.join(parts, sql` union all `)}) f
    left join source_records r on r.id = f.record_id left join sources s on s.id = r.source_id`;
}

async function mappingOf(db: Database, sourceId: string | null): Promise<Record<string, string>> {
  if (!sourceId) return {};
  const [row] = await queryRows<{ m: Record<string, string> }>(
    db,
    sql`select field_mapping as m from sources where id = ${sourceId}::uuid`,
  );
  return row?.m ?? {};
}

export async function drillDownQuality(
  db: Database,
  actor: Actor,
  input: DrillDownInput,
): Promise<DrillDown> {
  const { metric, key, limit, offset } = parseInput(drillDownInput, input);
  const pii = actorCan(actor, "profile:pii");
  // Who cannot open a profile is shown counts, not records or profile ids.
  const recordLevel = actorCan(actor, "profile:read");
  const mask = (rows: Record<string, DrillCell>[], keys: string[]) =>
    pii
      ? rows
      : rows.map((row) => ({
          ...row,
          ...Object.fromEntries(keys.map((k) => [k, maskValue(row[k] as string | null)])),
        }));
  const recordColumns = [
    { key: "source", label: "Source" },
    { key: "externalId", label: "Record" },
    { key: "value", label: "Value" },
    { key: "profileId", label: "Profile" },
  ];

  switch (metric) {
    case "rule": {
      const rule = await getQualityRule(db, requireUuid(key, "quality rule"));
      const measured = { ...rule, params: rule.params as QualityRuleParams };
      const failing = failingRecords([{ rule: measured, mapping: await mappingOf(db, rule.sourceId) }]);
      const eventRule = isEventQualityField(rule.field);
      if (!recordLevel)
        return {
          title: `Failing: ${rule.name}, by source`,
          ...(await aggregate(
            db,
            failing,
            [{ key: "source", label: "Source", expression: sql`coalesce(q."source", 'events')` }],
            [
              { key: "failing", label: "Failing records", expression: sql`count(*)` },
              { key: "profiles", label: "Profiles affected", expression: sql`count(distinct q."profileId")` },
            ],
          )),
          aggregated: true,
        };
      const { rows, total } = await page(db, failing, limit, offset, sql`"recordId", "profileId"`);
      // An event rule's value names an event, a property and its types, or a reason: no person, but a sender may
      // name events freely, so emails and phone numbers in it are still masked.
      const maskedRows =
        eventRule && !pii
          ? rows.map((row) => ({
              ...row,
              value: row.value === null ? null : maskLooseString(String(row.value)),
              sharedValue: row.sharedValue === null ? null : maskLooseString(String(row.sharedValue)),
            }))
          : mask(rows, ["value", "sharedValue"]);
      return {
        title: `Failing: ${rule.name}`,
        columns: eventRule
          ? [
              { key: "value", label: "What failed" },
              { key: "profileId", label: "Profile" },
            ]
          : recordColumns,
        rows: maskedRows,
        total,
        aggregated: false,
      };
    }
    case "duplicates": {
      const rules = await db.query.qualityRules.findMany({
        where: (q, { and, eq }) =>
          and(eq(q.dimension, "uniqueness"), eq(q.scope, "golden"), eq(q.enabled, true)),
      });
      if (rules.length === 0)
        return {
          title: "Possible duplicate profiles",
          columns: [],
          rows: [],
          total: 0,
          aggregated: !recordLevel,
        };
      const query = failingRecords(
        rules.map((rule) => ({ rule: { ...rule, params: rule.params }, mapping: {} })),
      );
      if (!recordLevel)
        return {
          title:
            "Possible duplicate profiles: golden emails and phones held by more than one profile, by field",
          ...(await aggregate(
            db,
            query,
            [{ key: "field", label: "Shared", expression: sql`q.field` }],
            [
              { key: "profiles", label: "Profiles", expression: sql`count(distinct q."profileId")` },
              { key: "values", label: "Shared values", expression: sql`count(distinct q."sharedValue")` },
            ],
          )),
          aggregated: true,
        };
      const { rows, total } = await page(db, query, limit, offset, sql`field, "sharedValue", "profileId"`);
      return {
        title: "Possible duplicate profiles: golden profiles sharing an email or phone with another profile",
        columns: [
          { key: "field", label: "Shared" },
          { key: "sharedValue", label: "Value" },
          { key: "profileId", label: "Profile" },
          { key: "source", label: "Source of the value" },
          { key: "externalId", label: "Record" },
        ],
        rows: mask(rows, ["value", "sharedValue"]),
        total,
        aggregated: false,
      };
    }
    case "dimension": {
      if (!key || !(qualityDimensions as readonly string[]).includes(key))
        throw new AppError("BAD_REQUEST", `Choose a dimension: ${qualityDimensions.join(", ")}.`);
      const query = sql`select q.id as "ruleId", q.name, q.field, q.weight, q.threshold, r.score, r.checked, r.failed
        from quality_rules q
        join quality_results r on r.rule_id = q.id and r.run_id = (select id from quality_runs where status = 'completed' order by started_at desc limit 1)
        where q.dimension = ${key as QualityDimension}::quality_dimension`;
      const { rows, total } = await page(db, query, limit, offset, sql`score, name`);
      return {
        title: `${key[0]!.toUpperCase()}${key.slice(1)}: rules of the latest run`,
        columns: [
          { key: "name", label: "Rule" },
          { key: "score", label: "Score" },
          { key: "threshold", label: "Threshold" },
          { key: "failed", label: "Failing" },
          { key: "checked", label: "Checked" },
          { key: "weight", label: "Weight" },
        ],
        rows,
        total,
        aggregated: false,
      };
    }
    case "merged": {
      const query = sql`select e.id as "eventId", to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as "at", e.actor_label as "by",
          cardinality(e.profile_ids) as "profiles", e.profile_ids[1]::text as "profileId", e.reason from merge_events e where e.kind = 'merge'`;
      const { rows, total } = await page(db, query, limit, offset, sql`"at" desc`);
      return {
        title: "Profiles merged",
        columns: [
          { key: "at", label: "When" },
          { key: "by", label: "By" },
          { key: "profiles", label: "Profiles" },
          ...(recordLevel ? [{ key: "profileId", label: "Survivor" }] : []),
          { key: "reason", label: "Reason" },
        ],
        rows: recordLevel ? rows : rows.map(({ profileId: _p, ...row }) => row),
        total,
        aggregated: false,
      };
    }
    case "golden-profiles": {
      const query = sql`select p.id::text as "profileId", p.display_name as "name", (select count(*)::int from source_records r where r.profile_id = p.id and r.status = 'active') as "records",
          to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD') as "updated" from profiles p where p.status = 'active'`;
      if (!recordLevel)
        return {
          title: "Golden profiles by how many source records each unites",
          ...(await aggregate(
            db,
            query,
            [{ key: "records", label: "Source records per profile", expression: sql`q."records"` }],
            [{ key: "profiles", label: "Profiles", expression: sql`count(*)` }],
          )),
          aggregated: true,
        };
      const { rows, total } = await page(db, query, limit, offset, sql`"records" desc, "profileId"`);
      return {
        title: "Golden profiles",
        columns: [
          { key: "profileId", label: "Profile" },
          { key: "name", label: "Name" },
          { key: "records", label: "Records" },
          { key: "updated", label: "Updated" },
        ],
        rows: mask(rows, ["name"]),
        total,
        aggregated: false,
      };
    }
    case "match-rate": {
      const sourceId = requireUuid(key, "source");
      const query = sql`select r.id::text as "recordId", r.external_id as "externalId", r.profile_id::text as "profileId", s.name as "source"
        from source_records r join sources s on s.id = r.source_id
        where r.source_id = ${sourceId}::uuid and r.status = 'active'
          and not exists (select 1 from source_records o where o.profile_id = r.profile_id and o.id <> r.id and o.status = 'active')`;
      if (!recordLevel)
        return {
          title: "Records not matched to any other record",
          ...(await aggregate(
            db,
            query,
            [{ key: "source", label: "Source", expression: sql`q."source"` }],
            [{ key: "records", label: "Unmatched records", expression: sql`count(*)` }],
          )),
          aggregated: true,
        };
      const { rows, total } = await page(db, query, limit, offset, sql`"externalId"`);
      return {
        title: "Records not matched to any other record",
        columns: [
          { key: "source", label: "Source" },
          { key: "externalId", label: "Record" },
          { key: "profileId", label: "Profile" },
        ],
        rows,
        total,
        aggregated: false,
      };
    }
    case "consent": {
      const purposeId = requireUuid(key, "consent purpose");
      const query = sql`select cs.profile_id::text as "profileId", cs.channel, cs.status::text as "status", to_char(cs.updated_at at time zone 'UTC', 'YYYY-MM-DD') as "updated"
        from consent_state cs join profiles p on p.id = cs.profile_id and p.status = 'active' where cs.purpose_id = ${purposeId}::uuid and cs.status = 'given'`;
      if (!recordLevel)
        return {
          title: "Profiles with consent given, by channel",
          ...(await aggregate(
            db,
            query,
            [{ key: "channel", label: "Channel", expression: sql`coalesce(nullif(q.channel, ''), 'any')` }],
            [{ key: "profiles", label: "Profiles", expression: sql`count(distinct q."profileId")` }],
          )),
          aggregated: true,
        };
      const { rows, total } = await page(db, query, limit, offset, sql`"profileId", channel`);
      return {
        title: "Profiles with consent given",
        columns: [
          { key: "profileId", label: "Profile" },
          { key: "channel", label: "Channel" },
          { key: "status", label: "Status" },
          { key: "updated", label: "Updated" },
        ],
        rows,
        total,
        aggregated: false,
      };
    }
    case "privacy": {
      const query = sql`select id::text as "requestId", kind::text as "kind", status::text as "status", to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') as "received",
          to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as "due", due_at < now() as "overdue", due_at as "dueAt"
        from privacy_requests where status not in ('completed', 'rejected')`;
      const { rows, total } = await page(db, query, limit, offset, sql`"dueAt"`);
      return {
        title: "Open privacy requests, nearest deadline first",
        columns: [
          { key: "kind", label: "Kind" },
          { key: "status", label: "Status" },
          { key: "received", label: "Received" },
          { key: "due", label: "Due" },
          { key: "overdue", label: "Overdue" },
        ],
        rows: rows.map(({ dueAt: _d, ...r }) => r),
        total,
        aggregated: false,
      };
    }
    case "backlog": {
      const query = sql`select t.id::text as "taskId", t.kind::text as "kind", round(t.score::numeric, 3)::float8 as "score", to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD') as "opened",
          u.email as "assignee", t.created_at as "createdAt" from review_tasks t left join users u on u.id = t.assignee_id where t.status = 'open'`;
      const { rows, total } = await page(db, query, limit, offset, sql`"createdAt"`);
      return {
        title: "Stewardship backlog: open review tasks, oldest first",
        columns: [
          { key: "kind", label: "Kind" },
          { key: "score", label: "Match probability" },
          { key: "opened", label: "Opened" },
          { key: "assignee", label: "Assignee" },
        ],
        rows: rows.map(({ createdAt: _c, ...r }) => r),
        total,
        aggregated: false,
      };
    }
    case "issues": {
      const query = sql`select i.id::text as "issueId", i.title, i.status::text as "status", u.email as "assignee", to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD') as "opened", i.created_at as "createdAt"
        from quality_issues i left join users u on u.id = i.assignee_id where i.status in ('open', 'assigned')`;
      const { rows, total } = await page(db, query, limit, offset, sql`"createdAt"`);
      return {
        title: "Open quality issues",
        columns: [
          { key: "title", label: "Issue" },
          { key: "status", label: "Status" },
          { key: "assignee", label: "Assignee" },
          { key: "opened", label: "Opened" },
        ],
        rows: rows.map(({ createdAt: _c, ...r }) => r),
        total,
        aggregated: false,
      };
    }
  }
}
