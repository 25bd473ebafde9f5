// Everything the profile page shows, in one call: golden values with provenance, member records, timeline,
// consents, relationships, quality flags, engagement and a summary; masked for callers without profile:pii.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { GoldenRuleDetail } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { listProfileSegments, type ProfileSegmentMembership } from "../activation/list-profile-segments";
import { recordAudit } from "../audit/record-audit";
import { loadConsentHistory, loadConsentState } from "../consent/load-consent-ledger";
import { notFound } from "../errors";
import { goldenCandidatesOf, type GoldenCandidate, type GoldenMember } from "./build-golden-attributes";
import { computeEngagement, type Engagement } from "./compute-engagement";
import { attributeLabel, findQualityFlags, type QualityFlag } from "./find-quality-flags";
import { goldenMemberOf } from "./load-golden-members";
import { listProfileTimeline, type ProfileTimeline } from "./list-profile-timeline";
import { canSeePii, maskConsentOrigin, maskDisplayName, maskGoldenValue, maskLooseString } from "./mask-pii";
import { maskRawPayload, maskStandardizedPayload, type SourceColumnClassification } from "./mask-raw-payload";
import { getProfileViewInput, type GetProfileViewInput } from "./profile-schemas";
import { summarizeProfile } from "./summarize-profile";
import { parseInput } from "../parse-input";

/** The order golden attributes are shown in; others follow alphabetically. */
const ATTRIBUTE_ORDER = [
  "first_name",
  "middle_name",
  "last_name",
  "name_suffix",
  "email",
  "phone",
  "dob",
  "gender",
  "national_id",
  "street_number",
  "street",
  "address_line2",
  "city",
  "state",
  "postcode",
  "country",
];

const RULE_LABELS: Readonly<Record<string, string>> = {
  no_conflict: "All sources agree",
  most_trusted_source: "Most trusted source",
  most_recent: "Most recent",
  most_frequent: "Most frequent",
  most_complete: "Most complete",
  longest: "Longest",
  steward: "Set by a steward",
  steward_override: "Steward override",
};

/** A merge chain is short; the bound only guards against a cycle a bug might leave. */
const MAX_REDIRECTS = 20;

export interface RecordRef {
  recordId: string;
  externalId: string | null;
  sourceName: string | null;
}

export interface GoldenCandidateView extends RecordRef {
  value: string | null;
  updatedAt: string | null;
  trust: number | null;
  chosen: boolean;
}

export interface GoldenAttributeView {
  attribute: string;
  label: string;
  value: string | null;
  rule: string;
  ruleLabel: string;
  /** The rules tried, in order, as survivorship applied them. */
  rulesTried: string[];
  decidedAt: Date;
  source: RecordRef | null;
  candidates: GoldenCandidateView[];
  /** Who fixed the value by hand, when and why; null when survivorship chose it. */
  override: GoldenOverrideView | null;
  /**
   * The sources give different values (with an override: some source differs from it). Decided on clear values,
   * so masking, which can make two different emails look alike, does not change it.
   */
  sourcesDisagree: boolean;
}

export interface GoldenOverrideView {
  setBy: string;
  setAt: string;
  note: string;
  /** steward, or rectification (a privacy request). */
  origin: string;
}

function overrideOf(detail: Record<string, unknown>): GoldenOverrideView | null {
  const o = detail.override as Partial<GoldenOverrideView> | undefined;
  if (!o || typeof o !== "object") return null;
  return {
    setBy: String(o.setBy ?? ""),
    setAt: String(o.setAt ?? ""),
    note: String(o.note ?? ""),
    origin: String(o.origin ?? "steward"),
  };
}

export interface MemberRecordView {
  recordId: string;
  externalId: string;
  sourceName: string;
  sourceKind: string;
  reason: string;
  score: number | null;
  matchedBy: string | null;
  joinedAt: Date;
  firstSeenAt: Date;
  updatedAt: Date;
  version: number;
  raw: Record<string, unknown>;
  standardized: Record<string, unknown>;
}

export interface ConsentStateView {
  purposeKey: string;
  purposeName: string;
  channel: string;
  status: string;
  expiresAt: Date | null;
  /** When the decision behind the status took effect (not when the row was written). */
  since: Date;
}

export interface ConsentEventView {
  id: number;
  purposeKey: string;
  purposeName: string;
  channel: string;
  status: string;
  method: string;
  origin: string | null;
  noticeVersion: number | null;
  capturedAt: Date;
  effectiveAt: Date;
  actorLabel: string;
}

export interface RelatedProfileView {
  profileId: string | null;
  accountName: string | null;
  displayName: string | null;
  kind: string;
  /** "shares phone", "shares address", or the relationship's own kind when it was recorded. */
  reason: string;
}

export interface ProfileView {
  id: string;
  /** The id asked for when it was a profile merged into this one (the page redirects), else null. */
  redirectedFrom: string | null;
  status: string;
  displayName: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  masked: boolean;
  golden: GoldenAttributeView[];
  members: MemberRecordView[];
  timeline: ProfileTimeline;
  consents: { current: ConsentStateView[]; history: ConsentEventView[] };
  relationships: RelatedProfileView[];
  flags: QualityFlag[];
  engagement: Engagement;
  summary: string;
  openReviewTaskIds: string[];
  /** Saved segments the profile matches now, recomputed on every read from its golden values and interactions. */
  segments: ProfileSegmentMembership[];
}

interface ProfileRow extends Record<string, unknown> {
  id: string;
  status: string;
  merged_into_id: string | null;
  display_name: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Follows merged_into_id to the surviving profile. */
async function loadSurvivingProfile(db: Database, id: string): Promise<ProfileRow> {
  let current = id;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const [row] = await queryRows<ProfileRow>(
      db,
      sql`select id, status, merged_into_id, display_name, version, created_at, updated_at from profiles where id = ${current}`,
    );
    if (!row) throw notFound("Profile", id);
    if (row.status !== "merged" || !row.merged_into_id) return row;
    current = row.merged_into_id;
  }
  throw notFound("Profile", id);
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function sortAttributes<T extends { attribute: string }>(rows: T[]): T[] {
  const rank = (a: string) => {
    const i = ATTRIBUTE_ORDER.indexOf(a);
    return i < 0 ? ATTRIBUTE_ORDER.length : i;
  };
  return rows.sort((a, b) => rank(a.attribute) - rank(b.attribute) || a.attribute.localeCompare(b.attribute));
}

/** The members as the page lists them, and as survivorship reads them (for the values each golden value beat). */
async function loadMembers(
  db: Database,
  profileId: string,
): Promise<{
  views: MemberRecordView[];
  golden: GoldenMember[];
  columns: Map<string, SourceColumnClassification>;
}> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.id, r.external_id, s.name as source_name, s.kind::text as source_kind, m.reason::text as reason, m.score, m.matched_by,
          m.joined_at, r.first_seen_at, r.updated_at, r.current_version, r.raw, r.standardized, s.attribute_trust, s.field_mapping,
          s.non_personal_columns
        from source_records r
        join sources s on s.id = r.source_id
        left join profile_members m on m.record_id = r.id
        where r.profile_id = ${profileId}
        order by s.name, r.external_id`,
  );
  const views = rows.map((r) => ({
    recordId: String(r.id),
    externalId: String(r.external_id),
    sourceName: String(r.source_name),
    sourceKind: String(r.source_kind),
    reason: r.reason === null ? "unknown" : String(r.reason),
    score: r.score === null ? null : Number(r.score),
    matchedBy: (r.matched_by as string | null) ?? null,
    joinedAt: new Date((r.joined_at ?? r.first_seen_at) as string),
    firstSeenAt: new Date(r.first_seen_at as string),
    updatedAt: new Date(r.updated_at as string),
    version: Number(r.current_version),
    raw: r.raw as Record<string, unknown>,
    standardized: r.standardized as Record<string, unknown>,
  }));
  const golden = rows
    .map((r) =>
      goldenMemberOf({
        recordId: String(r.id),
        standardized: r.standardized,
        raw: r.raw as Record<string, unknown>,
        recordUpdatedAt: new Date(r.updated_at as string),
        source: {
          name: String(r.source_name),
          attributeTrust: (r.attribute_trust ?? {}) as Record<string, number>,
          fieldMapping: (r.field_mapping ?? {}) as Record<string, string>,
        },
      }),
    )
    // Survivorship's order (refresh-golden-attributes reads members by record id), so candidates list the same.
    .sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  // What each record's source says about its columns: the raw payload is masked by it (maskRawPayload).
  const columns = new Map(
    rows.map((r) => [
      String(r.id),
      {
        fieldMapping: (r.field_mapping ?? {}) as Record<string, string>,
        nonPersonalColumns: (r.non_personal_columns ?? []) as string[],
      },
    ]),
  );
  return { views, golden, columns };
}

interface GoldenRow extends Record<string, unknown> {
  attribute: string;
  value: unknown;
  rule: string;
  rule_detail: GoldenRuleDetail;
  source_record_id: string | null;
  decided_at: Date | string;
}

function loadGoldenRows(db: Database, profileId: string): Promise<GoldenRow[]> {
  return queryRows<GoldenRow>(
    db,
    sql`select attribute, value, rule, rule_detail, source_record_id, decided_at from golden_attributes where profile_id = ${profileId}`,
  );
}

/** Golden rows with their provenance named by the member records (source and external id). */
function toGoldenViews(
  rows: readonly GoldenRow[],
  members: readonly MemberRecordView[],
  candidatesOf: ReadonlyMap<string, readonly GoldenCandidate[]>,
): GoldenAttributeView[] {
  const byId = new Map(members.map((m) => [m.recordId, m]));
  const ref = (recordId: string, sourceName?: string): RecordRef => {
    const member = byId.get(recordId);
    return {
      recordId,
      externalId: member?.externalId ?? null,
      sourceName: member?.sourceName ?? sourceName ?? null,
    };
  };
  return sortAttributes(
    rows.map((row) => {
      const value = asText(row.value);
      const detail = row.rule_detail ?? {};
      const candidates = candidatesOf.get(row.attribute) ?? [];
      const candidateValues = candidates.map((c) => c.value);
      const override = overrideOf(detail);
      return {
        attribute: row.attribute,
        label: attributeLabel(row.attribute),
        value,
        rule: row.rule,
        ruleLabel: RULE_LABELS[row.rule] ?? row.rule.replace(/_/g, " "),
        rulesTried: Array.isArray(detail.rules) ? (detail.rules as unknown[]).map(String) : [],
        decidedAt: new Date(row.decided_at),
        source: row.source_record_id ? ref(row.source_record_id) : null,
        candidates: candidates.map((c) => ({
          ...ref(c.sourceRecordId, c.sourceName),
          value: c.value,
          updatedAt: c.updatedAt,
          trust: c.trust,
          chosen: c.sourceRecordId === row.source_record_id,
        })),
        override,
        sourcesDisagree: override
          ? candidateValues.some((v) => v !== value)
          : new Set(candidateValues).size > 1,
      };
    }),
  );
}

async function loadConsents(
  db: Database,
  profileId: string,
): Promise<{ current: ConsentStateView[]; history: ConsentEventView[] }> {
  const [current, history] = await Promise.all([
    loadConsentState(db, profileId),
    loadConsentHistory(db, profileId, 100),
  ]);
  return {
    current: current.map(({ purposeKey, purposeName, channel, status, expiresAt, since }) => ({
      purposeKey,
      purposeName,
      channel,
      status,
      expiresAt,
      since,
    })),
    history: history.map((e) => ({
      id: e.id,
      purposeKey: e.purposeKey,
      purposeName: e.purposeName,
      channel: e.channel,
      status: e.status,
      method: e.method,
      origin: e.origin,
      noticeVersion: e.notice?.version ?? null,
      capturedAt: e.capturedAt,
      effectiveAt: e.effectiveAt,
      actorLabel: e.actorLabel,
    })),
  };
}

/** Recorded relationships, then households inferred from a golden phone or street address another profile shares. */
async function loadRelationships(
  db: Database,
  profileId: string,
  golden: readonly GoldenAttributeView[],
): Promise<RelatedProfileView[]> {
  const valueOf = (attribute: string) => golden.find((g) => g.attribute === attribute)?.value ?? null;
  const phone = valueOf("phone");
  const street = valueOf("street");
  const postcode = valueOf("postcode");
  const number = valueOf("street_number");
  const none = Promise.resolve([] as Record<string, unknown>[]);
  // Households by the (attribute, value) index of golden_attributes: one probe each, whatever the number of profiles.
  const [recorded, samePhone, sameAddress] = await Promise.all([
    queryRows<Record<string, unknown>>(
      db,
      sql`select r.kind::text as kind, r.account_name, o.id as other_id, o.display_name,
            r.properties->>'origin' as origin, r.properties->>'reason' as why
          from relationships r left join profiles o on o.id = case when r.from_profile_id = ${profileId} then r.to_profile_id else r.from_profile_id end
          where r.from_profile_id = ${profileId} or r.to_profile_id = ${profileId}
          limit 50`,
    ),
    phone
      ? queryRows<Record<string, unknown>>(
          db,
          sql`select p.id, p.display_name from golden_attributes g
              join profiles p on p.id = g.profile_id and p.status = 'active' and p.id <> ${profileId}
              where g.attribute = 'phone' and g.value = to_jsonb(${phone}::text)
              order by p.display_name limit 10`,
        )
      : none,
    street && postcode
      ? queryRows<Record<string, unknown>>(
          db,
          // From the postcode (a few hundred profiles), each one's street and number by the primary key: scalar
          // subqueries, so the planner cannot turn them into a scan of every profile on a common street name.
          sql`select p.id, p.display_name from golden_attributes pc
              join profiles p on p.id = pc.profile_id and p.status = 'active' and p.id <> ${profileId}
              where pc.attribute = 'postcode' and pc.value = to_jsonb(${postcode}::text)
                and (select st.value from golden_attributes st where st.profile_id = pc.profile_id and st.attribute = 'street')
                  = to_jsonb(${street}::text)
                and (${number}::text is null or (select sn.value from golden_attributes sn where sn.profile_id = pc.profile_id
                  and sn.attribute = 'street_number') = to_jsonb(${number}::text))
              order by p.display_name limit 10`,
        )
      : none,
  ]);
  const related: RelatedProfileView[] = recorded.map((r) => ({
    profileId: (r.other_id as string | null) ?? null,
    accountName: (r.account_name as string | null) ?? null,
    displayName: (r.display_name as string | null) ?? (r.account_name as string | null) ?? null,
    kind: String(r.kind),
    // A household the matching model decided says so and why; others were recorded by a person or a source.
    reason:
      r.origin === "model"
        ? `decided by the model: ${String(r.why ?? "household")}`
        : `recorded ${String(r.kind).replace(/_/g, " ")}`,
  }));
  const seen = new Set(related.map((r) => r.profileId).filter((id): id is string => id !== null));
  const add = (rows: Record<string, unknown>[], reason: string) => {
    for (const row of rows) {
      const id = String(row.id);
      if (seen.has(id)) continue;
      seen.add(id);
      related.push({
        profileId: id,
        accountName: null,
        displayName: (row.display_name as string | null) ?? null,
        kind: "household",
        reason,
      });
    }
  };
  add(samePhone, "shares phone");
  add(sameAddress, "shares address");
  return related;
}

export interface GetProfileViewOptions {
  /** The time engagement and staleness are measured from; now unless a test fixes it. */
  now?: Date;
}

/**
 * The profile page's data. A merged profile's id yields its surviving profile (redirectedFrom says so). A caller
 * with profile:pii sees clear values and is audited (profile.view_pii); anyone else gets masked values only.
 */
export async function getProfileView(
  db: Database,
  actor: Actor,
  rawInput: GetProfileViewInput,
  options: GetProfileViewOptions = {},
): Promise<ProfileView> {
  const input = parseInput(getProfileViewInput, rawInput);
  const now = options.now ?? new Date();
  const profile = await loadSurvivingProfile(db, input.id);
  const id = profile.id;
  // Independent reads go out together: on PostgreSQL they run on several pooled connections at once.
  const [
    { views: members, golden: goldenMembers, columns },
    goldenRows,
    timeline,
    events,
    consents,
    openTasks,
    segments,
  ] = await Promise.all([
    loadMembers(db, id),
    loadGoldenRows(db, id),
    listProfileTimeline(db, actor, { profileId: id, page: 1, pageSize: 20 }),
    queryRows<{ occurred_at: Date | string; channel: string; amount: string | number | null }>(
      db,
      // Activity only: identify, alias and group messages are not engagement (decision 0901).
      sql`select occurred_at, channel::text as channel, amount from interactions where profile_id = ${id}
          and (message_type is null or message_type in ('track', 'page', 'screen')) order by occurred_at desc limit 5000`,
    ),
    loadConsents(db, id),
    queryRows<{ id: string }>(
      db,
      sql`select id from review_tasks where status = 'open' and profile_ids @> array[${id}::uuid] order by created_at limit 20`,
    ),
    listProfileSegments(db, id),
  ]);
  const golden = toGoldenViews(goldenRows, members, goldenCandidatesOf(goldenMembers));
  const engagement = computeEngagement(
    {
      events: events.map((e) => ({
        occurredAt: new Date(e.occurred_at),
        channel: e.channel,
        amount: e.amount === null ? null : Number(e.amount),
      })),
    },
    now,
  );
  const relationships = await loadRelationships(db, id, golden);
  const flags = findQualityFlags(
    members,
    golden.map((g) => ({ attribute: g.attribute, rule: g.rule, candidates: g.candidates })),
    now,
  );
  const goldenValue = (attribute: string) => golden.find((g) => g.attribute === attribute)?.value ?? null;
  const nameParts = ["first_name", "last_name"].map(goldenValue).filter((v): v is string => !!v);
  // Known since the earliest trace of the customer: an interaction, or a record reaching c360.
  const firstTimes = [
    ...members.map((m) => m.firstSeenAt.getTime()),
    ...events.map((e) => new Date(e.occurred_at).getTime()),
  ];
  const firstSeen = firstTimes.length > 0 ? new Date(Math.min(...firstTimes)) : null;
  const summary = summarizeProfile({
    name: nameParts.length > 0 ? nameParts.join(" ") : null,
    city: goldenValue("city"),
    state: goldenValue("state"),
    sources: [...new Set(members.map((m) => m.sourceName))].sort(),
    memberCount: members.length,
    firstSeenAt: firstSeen,
    engagement,
    flags,
    householdSize: relationships.filter((r) => r.kind === "household").length,
    consentsGiven: consents.current.filter((c) => c.status === "given").length,
    consentsWithdrawn: consents.current.filter((c) => c.status === "withdrawn" || c.status === "refused")
      .length,
  });

  const view: ProfileView = {
    id,
    redirectedFrom: id === input.id ? null : input.id,
    status: profile.status,
    displayName: profile.display_name,
    version: profile.version,
    createdAt: new Date(profile.created_at),
    updatedAt: new Date(profile.updated_at),
    masked: false,
    golden,
    members,
    timeline,
    consents,
    relationships,
    flags,
    engagement,
    summary,
    openReviewTaskIds: openTasks.map((t) => t.id),
    segments,
  };
  if (!canSeePii(actor)) return maskProfileView(view, columns);
  await recordAudit(db, actor, {
    action: "profile.view_pii",
    entityType: "profile",
    entityId: id,
    details: view.redirectedFrom ? { requestedId: view.redirectedFrom } : {},
  });
  return view;
}

/**
 * The view as a caller without profile:pii may receive it: every personal value replaced before it leaves. Raw
 * payloads are masked by what their source maps each column to (`columns`, by record id); for a record missing
 * there only columns named like a canonical field are read as that field, every other column is masked.
 */
export function maskProfileView(
  view: ProfileView,
  columns: ReadonlyMap<string, SourceColumnClassification>,
): ProfileView {
  const unknownSource: SourceColumnClassification = { fieldMapping: {}, nonPersonalColumns: [] };
  const maskText = (attribute: string, value: string | null) =>
    value === null ? null : String(maskGoldenValue(attribute, value));
  return {
    ...view,
    masked: true,
    displayName: maskDisplayName(view.displayName),
    golden: view.golden.map((g) => ({
      ...g,
      value: maskText(g.attribute, g.value),
      candidates: g.candidates.map((c) => ({ ...c, value: maskText(g.attribute, c.value) })),
      override: g.override && { ...g.override, note: maskLooseString(g.override.note) },
    })),
    members: view.members.map((m) => ({
      ...m,
      raw: maskRawPayload(m.raw, columns.get(m.recordId) ?? unknownSource),
      standardized: maskStandardizedPayload(m.standardized),
    })),
    consents: {
      current: view.consents.current,
      // The origin of a capture may be an IP address.
      history: view.consents.history.map((e) => ({
        ...e,
        origin: e.origin === null ? null : maskConsentOrigin(e.origin),
      })),
    },
    relationships: view.relationships.map((r) => ({ ...r, displayName: maskDisplayName(r.displayName) })),
  };
}
