// The triggers page and `c360 triggers list`: each trigger's definition (never its secret) and its counts over a
// window: fired, skipped (no consent / capped), delivered, failed (dead letters and attempts still retrying),
// waiting, and the latency from the event's commit to the receiver's answer (p50, p99), in total and per day.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { notFound } from "../errors";
import type { TriggerDefinition } from "./trigger-schemas";

export interface TriggerStats {
  fired: number;
  skippedNoConsent: number;
  skippedCapped: number;
  delivered: number;
  failed: number;
  dead: number;
  waiting: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export interface TriggerDay extends TriggerStats {
  day: string;
}

export interface TriggerSummary {
  id: string;
  key: string;
  name: string;
  version: number;
  enabled: boolean;
  definition: TriggerDefinition;
  updatedAt: Date;
  stats: TriggerStats;
}

const num = (v: unknown) => Number(v ?? 0);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

const statsColumns = sql`count(*) as fired,
  count(*) filter (where d.skip_reason = 'no_consent') as skipped_no_consent,
  count(*) filter (where d.skip_reason = 'capped') as skipped_capped,
  count(*) filter (where d.status = 'delivered') as delivered,
  count(*) filter (where d.status in ('dead', 'retrying')) as failed,
  count(*) filter (where d.status = 'dead') as dead,
  count(*) filter (where d.status in ('pending', 'sending')) as waiting,
  percentile_cont(0.5) within group (order by d.latency_ms) as p50,
  percentile_cont(0.99) within group (order by d.latency_ms) as p99`;

function statsOf(r: Record<string, unknown> | undefined): TriggerStats {
  return {
    fired: num(r?.fired),
    skippedNoConsent: num(r?.skipped_no_consent),
    skippedCapped: num(r?.skipped_capped),
    delivered: num(r?.delivered),
    failed: num(r?.failed),
    dead: num(r?.dead),
    waiting: num(r?.waiting),
    latencyP50Ms: numOrNull(r?.p50),
    latencyP99Ms: numOrNull(r?.p99),
  };
}

function parseJson(value: unknown): Record<string, unknown> {
  return (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>;
}

export async function listTriggers(
  db: Database,
  actor: Actor,
  options: { days?: number } = {},
): Promise<TriggerSummary[]> {
  assertActorCan(actor, "activation:write");
  const days = options.days ?? 7;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.id, t.key, t.name, t.version, t.enabled, t.definition, t.updated_at, s.*
        from triggers t
        left join lateral (select ${statsColumns} from trigger_deliveries d
          where d.trigger_id = t.id and d.created_at > now() - make_interval(days => ${days})) s on true
        order by t.key`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    key: String(r.key),
    name: String(r.name),
    version: Number(r.version),
    enabled: Boolean(r.enabled),
    definition: {
      ...(parseJson(r.definition) as Omit<TriggerDefinition, "key" | "name" | "enabled">),
      key: String(r.key),
      name: String(r.name),
      enabled: Boolean(r.enabled),
    },
    updatedAt: new Date(r.updated_at as string),
    stats: statsOf(r),
  }));
}

export interface TriggerDetail extends TriggerSummary {
  days: TriggerDay[];
  versions: { version: number; enabled: boolean; actorLabel: string; createdAt: Date }[];
}

export async function getTrigger(
  db: Database,
  actor: Actor,
  input: { key: string; days?: number },
): Promise<TriggerDetail> {
  const all = await listTriggers(db, actor, { days: input.days });
  const summary = all.find((t) => t.key === input.key);
  if (!summary) throw notFound("Trigger", input.key);
  const days = input.days ?? 7;
  const perDay = await queryRows<Record<string, unknown>>(
    db,
    sql`select to_char(date_trunc('day', d.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, ${statsColumns}
        from trigger_deliveries d
        where d.trigger_id = ${summary.id}::uuid and d.created_at > now() - make_interval(days => ${days})
        group by 1 order by 1`,
  );
  const versions = await queryRows<Record<string, unknown>>(
    db,
    sql`select version, enabled, actor_label, created_at from trigger_versions
        where trigger_id = ${summary.id}::uuid order by version desc limit 50`,
  );
  return {
    ...summary,
    days: perDay.map((r) => ({ day: String(r.day), ...statsOf(r) })),
    versions: versions.map((v) => ({
      version: Number(v.version),
      enabled: Boolean(v.enabled),
      actorLabel: String(v.actor_label),
      createdAt: new Date(v.created_at as string),
    })),
  };
}
