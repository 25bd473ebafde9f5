// The executive figures, measured once per quality run with set-based SQL and kept in the run's summary, so the
// dashboard reads one small row per run instead of scanning profiles, records and ledgers on every page view.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

export interface SourceMatchRate {
  sourceId: string;
  name: string;
  records: number;
  /** Records whose profile holds at least one other record: the source's customers c360 recognised elsewhere. */
  matched: number;
  rate: number | null;
}

export interface ConsentCoverage {
  purposeId: string;
  key: string;
  name: string;
  /** Active profiles with consent given for the purpose (any channel). */
  given: number;
  /** Active profiles with any recorded decision for the purpose. */
  recorded: number;
  rate: number | null;
}

export interface DashboardFigures {
  goldenProfiles: number;
  sourceRecords: number;
  duplicates: {
    /** Records resolved into a profile that already had a record: duplicates c360 found. */
    found: number;
    /** Steward and model merges of whole profiles. */
    merged: number;
    /** Review tasks a steward decided as the same person. */
    mergedByStewards: number;
  };
  matchRates: SourceMatchRate[];
  consent: ConsentCoverage[];
  privacy: { open: number; overdue: number; dueWithinWeek: number };
  stewardship: {
    openReviewTasks: number;
    oldestOpenReviewDays: number | null;
    decidedLast90Days: number;
    medianHoursToResolve: number | null;
    openQualityIssues: number;
    medianHoursToResolveIssues: number | null;
  };
  /** Events kept but waiting for their person (issue 19); absent in runs before events existed. */
  events?: { waiting: number };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export async function measureDashboardFigures(db: Database): Promise<DashboardFigures> {
  const [totals] = await queryRows<Record<string, unknown>>(
    db,
    sql`with sizes as (select profile_id, count(*) as n from source_records where status = 'active' and profile_id is not null group by profile_id)
      select
        (select count(*) from profiles where status = 'active') as profiles,
        (select count(*) from source_records where status = 'active') as records,
        (select coalesce(sum(n - 1), 0) from sizes where n > 1) as found,
        (select count(*) from merge_events where kind = 'merge') as merged,
        (select count(*) from review_tasks where status = 'merged') as steward_merged,
        (select count(*) from privacy_requests where status not in ('completed', 'rejected')) as privacy_open,
        (select count(*) from privacy_requests where status not in ('completed', 'rejected') and due_at < now()) as privacy_overdue,
        (select count(*) from privacy_requests where status not in ('completed', 'rejected') and due_at >= now() and due_at < now() + interval '7 days') as privacy_week,
        (select count(*) from review_tasks where status = 'open') as review_open,
        (select extract(epoch from now() - min(created_at)) / 86400 from review_tasks where status = 'open') as review_oldest_days,
        (select count(*) from review_tasks where status <> 'open' and decided_at > now() - interval '90 days') as review_decided,
        (select percentile_cont(0.5) within group (order by extract(epoch from decided_at - created_at) / 3600)
           from review_tasks where status <> 'open' and decided_at > now() - interval '90 days') as review_median_hours,
        (select count(*) from quality_issues where status in ('open', 'assigned')) as issues_open,
        (select count(*) from interactions where unattributed_reason is not null) as events_waiting,
        (select percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 3600)
           from quality_issues where resolved_at > now() - interval '90 days' and resolved_by_id is not null) as issues_median_hours`,
  );
  const t = totals!;
  const sourceRows = await queryRows<{ id: string; name: string; records: unknown; matched: unknown }>(
    db,
    sql`with sizes as (select profile_id, count(*) as n from source_records where status = 'active' and profile_id is not null group by profile_id)
      select s.id, s.name, count(r.id) as records, count(r.id) filter (where z.n > 1) as matched
      from sources s
      left join source_records r on r.source_id = s.id and r.status = 'active'
      left join sizes z on z.profile_id = r.profile_id
      group by s.id, s.name order by s.name`,
  );
  const consentRows = await queryRows<{
    id: string;
    key: string;
    name: string;
    given: unknown;
    recorded: unknown;
  }>(
    db,
    sql`select p.id, p.key, p.name,
          count(distinct cs.profile_id) filter (where cs.status = 'given') as given,
          count(distinct cs.profile_id) as recorded
        from consent_purposes p
        left join consent_state cs on cs.purpose_id = p.id and exists (select 1 from profiles pr where pr.id = cs.profile_id and pr.status = 'active')
        group by p.id, p.key, p.name order by p.key`,
  );
  const profiles = num(t.profiles);
  return {
    goldenProfiles: profiles,
    sourceRecords: num(t.records),
    duplicates: { found: num(t.found), merged: num(t.merged), mergedByStewards: num(t.steward_merged) },
    matchRates: sourceRows.map((s) => ({
      sourceId: s.id,
      name: s.name,
      records: num(s.records),
      matched: num(s.matched),
      rate: rate(num(s.matched), num(s.records)),
    })),
    consent: consentRows.map((c) => ({
      purposeId: c.id,
      key: c.key,
      name: c.name,
      given: num(c.given),
      recorded: num(c.recorded),
      rate: rate(num(c.given), profiles),
    })),
    privacy: {
      open: num(t.privacy_open),
      overdue: num(t.privacy_overdue),
      dueWithinWeek: num(t.privacy_week),
    },
    stewardship: {
      openReviewTasks: num(t.review_open),
      oldestOpenReviewDays: numOrNull(t.review_oldest_days),
      decidedLast90Days: num(t.review_decided),
      medianHoursToResolve: numOrNull(t.review_median_hours),
      openQualityIssues: num(t.issues_open),
      medianHoursToResolveIssues: numOrNull(t.issues_median_hours),
    },
    events: { waiting: num(t.events_waiting) },
  };
}
