// The profile search box: names, emails, phones and ids, typo-tolerant through pg_trgm, ranked, filtered, paginated.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { standardizeEmail } from "@c360/matching/standardize/emails";
import { standardizePhone } from "@c360/matching/standardize/phones";
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { auditIdentifierLookup, consumeIdentifierLookup } from "./limit-identifier-lookups";
import { canSeePii, maskDisplayName, maskGoldenValue } from "./mask-pii";
import { searchProfilesInput, type SearchProfilesInput } from "./profile-schemas";
import { parseInput } from "../parse-input";

/**
 * Lowest word similarity (0..1) a profile's search text must reach. pg_trgm's default of 0.6 misses a name with
 * a typo in each word ("pamla millr" scores about 0.5 against "pamela miller"); below 0.4 strangers creep in.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.4;
/** Emails share their domain's trigrams ("@gmail.com"): at 0.4 a typed email matched a quarter of the demo. */
export const EMAIL_SIMILARITY_THRESHOLD = 0.6;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StandardizedQuery {
  /** What the trigram match compares: the query as search_text spells things (lower case, E.164, canonical email). */
  text: string;
  kind: "empty" | "id" | "record" | "email" | "phone" | "digits" | "text";
  /** The query as typed, for an exact external-id lookup ("crm-705"). */
  exact: string;
  /**
   * An email or phone that standardized as a whole value (a canonical address, an E.164 number), not a fragment:
   * the only contact-point query a caller without profile:pii may ask, and only for that exact value.
   */
  whole: boolean;
}

/** Spells the query the way profiles.search_text does, so "(210) 240-6611" meets "+12102406611". */
export function standardizeSearchQuery(query: string): StandardizedQuery {
  const exact = query.trim();
  const lower = exact.toLowerCase().replace(/\s+/g, " ");
  if (lower === "") return { text: "", kind: "empty", exact, whole: false };
  if (UUID.test(lower)) return { text: lower, kind: "id", exact: lower, whole: false };
  if (lower.includes("@")) {
    const email = standardizeEmail(lower);
    return { text: email ?? lower, kind: "email", exact, whole: email !== null };
  }
  const digits = lower.replace(/\D/g, "");
  if (/^[+\d\s().\-/]+$/.test(lower) && digits.length >= 4) {
    const phone = digits.length >= 10 || lower.startsWith("+") ? standardizePhone(lower) : null;
    return phone
      ? { text: phone, kind: "phone", exact, whole: true }
      : { text: digits, kind: "digits", exact, whole: false };
  }
  // One token of letters and digits ("crm-705", "A-10293"): a record's id. Fuzzy word similarity would match its
  // letters alone ("crm") in every profile holding a record of that source.
  if (!lower.includes(" ") && /\d/.test(lower) && /[a-z]/.test(lower))
    return { text: lower, kind: "record", exact, whole: false };
  return { text: lower, kind: "text", exact, whole: false };
}

export interface ProfileSearchHit {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  sources: string[];
  memberCount: number;
  hasOpenReview: boolean;
  /**
   * 0..1: 1 for an exact id match, else pg_trgm's word similarity of the query to the profile. For a caller without
   * profile:pii only names are scored; an exact contact-point match is 1, whatever value of the profile it was.
   */
  score: number;
  /**
   * Why it matched: "profile id", "source record crm-705", "name, email or phone". For a caller without profile:pii
   * never which masked value: "name", "similar name", "contact point".
   */
  matchedOn: string;
  updatedAt: Date;
}

export interface ProfileSearchResult {
  hits: ProfileSearchHit[];
  total: number;
  /** True when a branch of the search stopped at MAX_CANDIDATES: there are at least `total` matches. */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
  query: { kind: StandardizedQuery["kind"] };
  masked: boolean;
  /** Every source system's name, for the source filter. */
  sourceNames: string[];
}

interface HitRow extends Record<string, unknown> {
  id: string;
  display_name: string | null;
  score: number | string;
  matched_on: string;
  updated_at: Date | string;
  total: number | string;
  rank: number | string;
  email: unknown;
  phone: unknown;
  city: unknown;
  sources: string[] | null;
  member_count: number | string;
  has_open_review: boolean;
}

function filtersOf(input: { source?: string; city?: string; hasOpenReview?: boolean }): SQL {
  const parts: SQL[] = [sql`p.status = 'active'`];
  if (input.source) {
    parts.push(sql`exists (select 1 from source_records r join sources s on s.id = r.source_id
      where r.profile_id = p.id and lower(s.name) = lower(${input.source}))`);
  }
  if (input.city) {
    parts.push(sql`exists (select 1 from golden_attributes g
      where g.profile_id = p.id and g.attribute = 'city' and lower(g.value #>> '{}') = lower(${input.city}))`);
  }
  if (input.hasOpenReview !== undefined) {
    const open = sql`exists (select 1 from review_tasks t where t.status = 'open' and t.profile_ids @> array[p.id])`;
    parts.push(input.hasOpenReview ? open : sql`not ${open}`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * At most this many profiles are taken from one branch of the search before ranking, so a broad query ("smith" at a
 * million profiles, or the list of everyone) costs the same as a narrow one; the total then reads "500+".
 */
export const MAX_CANDIDATES = 500;
/** Similar names and contact points (the typo pass) are dearer to find and to score: fewer of them. */
const MAX_FUZZY_CANDIDATES = 200;

/**
 * Tried in this order, each only when the one before found nothing:
 * exact: ids, and every word as it was typed somewhere in the search text (trigram-indexed LIKE, cheap to check);
 * typo: one word of a name misspelt, the others as typed; for one word, an email or a phone, plain similarity;
 * similar: every word of a name similar to a word of the display name (a typo in each).
 */
type SearchPhase = "exact" | "typo" | "similar";

/** The phases worth asking for a query, in order: a typo pass only where word similarity means something. */
function phasesOf(query: StandardizedQuery, masked: boolean): SearchPhase[] {
  if (query.kind === "email" || query.kind === "phone") return masked ? ["exact"] : ["exact", "typo"];
  if (query.kind !== "text") return ["exact"];
  return wordsOf(query).length > 1 ? ["exact", "typo", "similar"] : ["exact", "typo"];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const likeAnywhere = (text: string) => `%${escapeLike(text)}%`;
const likePrefix = (text: string) => `${escapeLike(text)}%`;

/** Words of a name query that carry meaning (a lone initial matches everything). */
const wordsOf = (query: StandardizedQuery) =>
  query.kind === "text" ? query.text.split(" ").filter((word) => word.length >= 2) : [];

/** Exact ids first: a profile's own id, a source record's id (or its beginning, for a query shaped like one). */
function exactIdsOf(query: StandardizedQuery, filters: SQL): SQL {
  // The profile id by its primary key, and only for a query shaped like one (id::text would scan every profile).
  // Every branch carries the profile's name and update time with the filters applied, so the page never reads a
  // candidate's profile row a second time (500 primary-key probes for a common surname at a million profiles).
  const profileId =
    query.kind === "id"
      ? sql`select p.id, p.display_name, p.updated_at, 1::float8 as score, 'profile id' as matched_on, 0 as rank
          from profiles p where p.id = ${query.text}::uuid and ${filters}
        union all `
      : sql``;
  // A source record's id, exactly (any case) or, for a query that looks like one, as its beginning ("crm-70" finds
  // crm-705): through the index on lower(external_id), capped like every branch. Ids are not in search_text, so
  // linking a record leaves its profile's search text (and both trigram indexes) alone unless a name, email or
  // phone is new.
  const idLike = query.kind === "id" || query.kind === "record" || query.kind === "digits";
  const idText = query.exact.toLowerCase();
  const recordIds = sql`select p.id, p.display_name, p.updated_at,
        (case when lower(r.external_id) = ${idText} then 1 else 0.95 end)::float8 as score,
        'source record ' || s.name || ' ' || r.external_id as matched_on,
        (case when lower(r.external_id) = ${idText} then 0 else 1 end) as rank
      from (select r.profile_id, r.source_id, r.external_id from source_records r
        where ${idLike ? sql`lower(r.external_id) like ${likePrefix(idText)}` : sql`lower(r.external_id) = ${idText}`}
          and r.profile_id is not null
        limit ${MAX_CANDIDATES}) r
      join sources s on s.id = r.source_id
      join profiles p on p.id = r.profile_id
      where ${filters}`;
  return sql`${profileId} ${recordIds}`;
}

/** Profiles meeting `where` and the filters, at most `limit` of them, before anything is scored. */
const cappedBy =
  (filters: SQL) =>
  (where: SQL, limit = MAX_CANDIDATES): SQL =>
    sql`(select p.id, p.display_name, p.updated_at, p.search_text from profiles p where ${where} and ${filters} limit ${limit}) p`;

/**
 * Candidate profiles with a score, the reason they matched and a rank (0 exact id, 1 exact words or contact point,
 * 2 similar): hits rank by rank, then score. Each trigram branch is capped (MAX_CANDIDATES) inside, before scoring.
 */
function candidatesOf(query: StandardizedQuery, phase: SearchPhase, filters: SQL): SQL {
  if (query.kind === "empty") {
    // The list by name, read in the order of profiles_active_name_idx and stopped at the cap (no sort of them all).
    return sql`(select p.id, p.display_name, p.updated_at, 0::float8 as score, '' as matched_on, 0 as rank from profiles p
      where ${filters} order by lower(p.display_name), p.id limit ${MAX_CANDIDATES})`;
  }
  const exactIds = exactIdsOf(query, filters);
  const capped = cappedBy(filters);
  if (query.kind === "id" || query.kind === "record") return exactIds;
  if (query.kind === "digits") {
    // A partial phone number: trigram-indexed substring match; or the beginning of a numeric record id.
    return sql`${exactIds}
      union all
      select p.id, p.display_name, p.updated_at, 0.9::float8, 'phone', 1 from ${capped(sql`p.search_text like ${likeAnywhere(query.text)}`)}`;
  }
  if (query.kind === "email" || query.kind === "phone") {
    // Written as search_text writes it (canonical email, E.164), the contact point is a substring (a handful of
    // profiles, so scoring them is cheap: the whole word ranks above a longer address ending the same way); only a
    // typo needs the similarity search, over the whole search text (where emails and phones are).
    // An email's domain ("gmail", "com") is in most profiles' text: the index is asked for the local part only,
    // and the whole address is checked on the few rows it returns (|| '' keeps that check out of the index).
    const at = query.text.lastIndexOf("@");
    const contains =
      query.kind === "email" && at >= 3
        ? sql`p.search_text like ${likeAnywhere(query.text.slice(0, at + 1))} and (p.search_text || '') like ${likeAnywhere(query.text)}`
        : sql`p.search_text like ${likeAnywhere(query.text)}`;
    const exact = sql`${exactIds}
      union all
      select p.id, p.display_name, p.updated_at, 0.99 * word_similarity(${query.text}, p.search_text)::float8, ${query.kind}, 1
      from ${capped(contains)}`;
    if (phase === "exact") return exact;
    // The same for a typo: the index is asked with the local part's trigrams (a domain's "gma", "com" are in most
    // profiles' posting lists, which made this the dearest search at a million profiles: about 100 ms of index scan),
    // and the whole address's similarity is checked on the rows that come back (a typo in the domain still passes).
    const similar =
      query.kind === "email" && at >= 3
        ? sql`${query.text.slice(0, at)} <% p.search_text and word_similarity(${query.text}, p.search_text) >= ${EMAIL_SIMILARITY_THRESHOLD}`
        : sql`${query.text} <% p.search_text`;
    return sql`${exact}
      union all
      select p.id, p.display_name, p.updated_at, 0.99 * word_similarity(${query.text}, p.search_text)::float8, 'similar ' || ${query.kind}, 2
      from ${capped(similar, MAX_FUZZY_CANDIDATES)}`;
  }
  // A name. Scored against the display name (short, so similarity is cheap); fuzzy matches stay below 1, so an
  // exact id or golden contact point ranks first.
  const words = wordsOf(query);
  const terms = words.length > 0 ? words : [query.text];
  const name = sql`coalesce(p.display_name, '')`;
  const meanSimilarity = sql.join(
    terms.map((word) => sql`word_similarity(${word}, ${name})`),
    sql` + `,
  );
  const score = sql`0.99 * greatest(word_similarity(${query.text}, ${name}), (${meanSimilarity}) / ${terms.length})::float8`;
  // Every word as typed, anywhere in the search text (other records' spellings, nicknames, emails included).
  const everyWordTyped = sql.join(
    terms.map((word) => sql`p.search_text like ${likeAnywhere(word)}`),
    sql` and `,
  );
  const exact = sql`${exactIds}
    union all
    select p.id, p.display_name, p.updated_at, ${score}, 'name, email or phone', 1 from ${capped(everyWordTyped)}`;
  if (phase === "exact") return exact;
  if (phase === "typo" && terms.length > 1) {
    // One misspelt word ("mason jackon"): the words typed right narrow the candidates through the search text's
    // index, the misspelt one is asked of the display name's, and PostgreSQL ANDs the two bitmaps before reading
    // a row. Asking every word's similarity instead read ~4,500 rows to keep ~90 at a million profiles.
    const oneMisspelt = terms.map((word, i) => {
      const typed = terms
        .filter((_, j) => j !== i)
        .map((other) => sql`p.search_text like ${likeAnywhere(other)}`);
      const where = sql`${sql.join(typed, sql` and `)} and ${word} <% p.display_name`;
      return sql`select p.id, p.display_name, p.updated_at, ${score}, 'similar name', 2
        from ${capped(where, Math.ceil(MAX_FUZZY_CANDIDATES / terms.length))}`;
    });
    return sql`${exact} union all ${sql.join(oneMisspelt, sql` union all `)}`;
  }
  // Every word may be misspelt: each must be similar to a word of the name, in any order ("millr pmela").
  const everyWordSimilar = sql.join(
    terms.map((word) => sql`${word} <% p.display_name`),
    sql` and `,
  );
  return sql`${exact}
    union all
    select p.id, p.display_name, p.updated_at, ${score}, 'similar name', 2 from ${capped(everyWordSimilar, MAX_FUZZY_CANDIDATES)}`;
}

/**
 * A profile whose display name is a name (or that has none at all): without a name, composeDisplayName falls back to
 * the email or the phone, which a caller without profile:pii must neither match nor have sorted by (maskDisplayName
 * masks the same shapes).
 */
const NAMED_PROFILE = sql`(coalesce(p.display_name, '') not like '%@%' and coalesce(p.display_name, '') !~ '^[+]?[-0-9[:space:]()./]{7,}$')`;

/**
 * The candidates a caller without profile:pii may reach (decision 0501): names through the display name only (the
 * search text also holds every member's emails and phones, so a word typed there is a substring oracle on them),
 * ids as for everyone, and an email or phone only as a whole standardized value equal to one a member holds,
 * scored 1 and named "contact point" whichever value it was. The caller's rate limit and audit are in searchProfiles.
 */
function maskedCandidatesOf(query: StandardizedQuery, phase: SearchPhase, filters: SQL): SQL {
  const namedFilters = sql`${filters} and ${NAMED_PROFILE}`;
  if (query.kind === "empty") {
    return sql`(select p.id, p.display_name, p.updated_at, 0::float8 as score, '' as matched_on, 0 as rank from profiles p
      where ${namedFilters} order by lower(p.display_name), p.id limit ${MAX_CANDIDATES})`;
  }
  const exactIds = exactIdsOf(query, filters);
  if (query.kind === "id" || query.kind === "record" || query.kind === "digits") return exactIds;
  const capped = cappedBy(filters);
  if (query.kind === "email" || query.kind === "phone") {
    if (!query.whole) return exactIds;
    // The same trigram index as a steward's search (the local part only, for an email: the domain's trigrams are in
    // most profiles), then the value must be one whole space-separated term of the search text: no prefix, no part.
    const at = query.text.lastIndexOf("@");
    const indexed = query.kind === "email" && at >= 3 ? query.text.slice(0, at + 1) : query.text;
    const wholeTerm = sql`p.search_text like ${likeAnywhere(indexed)} and (' ' || p.search_text || ' ') like ${`% ${escapeLike(query.text)} %`}`;
    return sql`${exactIds}
      union all
      select p.id, p.display_name, p.updated_at, 1::float8, 'contact point', 1 from ${capped(wholeTerm)}`;
  }
  // Names: scored against the display name as for everyone (names are shown to this caller), matched against it too.
  const words = wordsOf(query);
  const terms = words.length > 0 ? words : [query.text];
  const name = sql`coalesce(p.display_name, '')`;
  const meanSimilarity = sql.join(
    terms.map((word) => sql`word_similarity(${word}, ${name})`),
    sql` + `,
  );
  const score = sql`0.99 * greatest(word_similarity(${query.text}, ${name}), (${meanSimilarity}) / ${terms.length})::float8`;
  const typed = (word: string) => sql`p.display_name ilike ${likeAnywhere(word)}`;
  const cappedNamed = (where: SQL, limit?: number) => capped(sql`${where} and ${NAMED_PROFILE}`, limit);
  const exact = sql`${exactIds}
    union all
    select p.id, p.display_name, p.updated_at, ${score}, 'name', 1 from ${cappedNamed(sql.join(terms.map(typed), sql` and `))}`;
  if (phase === "exact") return exact;
  if (phase === "typo" && terms.length > 1) {
    const oneMisspelt = terms.map((word, i) => {
      const others = terms.filter((_, j) => j !== i).map(typed);
      return sql`select p.id, p.display_name, p.updated_at, ${score}, 'similar name', 2
        from ${cappedNamed(sql`${sql.join(others, sql` and `)} and ${word} <% p.display_name`, Math.ceil(MAX_FUZZY_CANDIDATES / terms.length))}`;
    });
    return sql`${exact} union all ${sql.join(oneMisspelt, sql` union all `)}`;
  }
  const everyWordSimilar = sql.join(
    terms.map((word) => sql`${word} <% p.display_name`),
    sql` and `,
  );
  return sql`${exact}
    union all
    select p.id, p.display_name, p.updated_at, ${score}, 'similar name', 2 from ${cappedNamed(everyWordSimilar, MAX_FUZZY_CANDIDATES)}`;
}

/**
 * An email or phone is in search_text for every member record that ever had it; the profile whose golden value
 * it is (by the primary key, per candidate) ranks above one where a single record mentions it.
 */
function goldenBonus(query: StandardizedQuery, masked: boolean): SQL {
  // Not for a masked caller: ranking the golden value first would tell which of the profile's values was asked for.
  if (masked || (query.kind !== "email" && query.kind !== "phone")) return sql`0`;
  return sql`(case when exists (select 1 from golden_attributes g where g.profile_id = p.id and g.attribute = ${query.kind}
    and g.value #>> '{}' = ${query.text}) then 0.01 else 0 end)`;
}

/**
 * Searches active profiles. The page of hits carries the golden email, phone and city, masked for a caller without
 * profile:pii; a caller with it is audited (action profile.search_pii, the profile ids shown, never the query).
 * A caller without it searches names and ids, and finds a profile by an email or phone only by the whole value,
 * rate-limited and audited (profile.search_identifier): see maskedCandidatesOf.
 */
export async function searchProfiles(
  db: Database,
  actor: Actor,
  rawInput: SearchProfilesInput,
): Promise<ProfileSearchResult> {
  const input = parseInput(searchProfilesInput, rawInput);
  const query = standardizeSearchQuery(input.query);
  const clear = canSeePii(actor);
  // A whole email or phone from a caller who sees them masked: counted against the hourly limit before it runs
  // (a lookup that finds nobody costs the same), and audited below whatever it finds.
  const identifierLookup =
    !clear && (query.kind === "email" || query.kind === "phone") && query.whole ? query.kind : null;
  if (identifierLookup) await consumeIdentifierLookup(db, actor, identifierLookup, query.text);
  const offset = (input.page - 1) * input.pageSize;
  const order =
    query.kind === "empty"
      ? sql`lower(p.display_name), p.id`
      : sql`p.rank, score desc, p.display_name nulls last, p.id`;
  const statement = (phase: SearchPhase, { limit, offset }: { limit: number; offset: number }) => sql`
    with candidates as (${clear ? candidatesOf(query, phase, filtersOf(input)) : maskedCandidatesOf(query, phase, filtersOf(input))}),
    best as (${
      query.kind === "empty"
        ? sql`select * from candidates`
        : sql`select distinct on (id) * from candidates order by id, rank, score desc`
    }),
    page as (
      select p.id, p.display_name, p.updated_at, p.score + ${goldenBonus(query, !clear)} as score, p.matched_on, p.rank,
        count(*) over () as total
      from best p
      order by ${order}
      limit ${limit} offset ${offset}
    )
    select page.*,
      (select g.value from golden_attributes g where g.profile_id = page.id and g.attribute = 'email') as email,
      (select g.value from golden_attributes g where g.profile_id = page.id and g.attribute = 'phone') as phone,
      (select g.value from golden_attributes g where g.profile_id = page.id and g.attribute = 'city') as city,
      (select array_agg(distinct s.name order by s.name) from source_records r join sources s on s.id = r.source_id
        where r.profile_id = page.id) as sources,
      (select count(*) from source_records r where r.profile_id = page.id) as member_count,
      exists (select 1 from review_tasks t where t.status = 'open' and t.profile_ids @> array[page.id]) as has_open_review
    from page
    order by ${query.kind === "empty" ? sql`lower(page.display_name), page.id` : sql`page.rank, page.score desc, page.display_name nulls last, page.id`}`;

  const run = (phase: SearchPhase, page: { limit: number; offset: number }) =>
    inTransaction(db, async (tx) => {
      // Transaction-local, so the pooled connection goes back with PostgreSQL's default.
      // The planner prices trigram operators like cheap ones, so on a table of a few thousand profiles it scans
      // every row and computes them for each (about 1 s on the 2,000-person demo under load) instead of asking the
      // trigram index (about 45 ms): no sequential scans for this transaction's text search. One round trip.
      const threshold = String(
        query.kind === "email" ? EMAIL_SIMILARITY_THRESHOLD : WORD_SIMILARITY_THRESHOLD,
      );
      // Statements are prepared (db/client.ts); a plan made for no pattern in particular could not know how
      // selective this one's trigrams are, so the search is planned for its own words every time.
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${threshold}, true),
        set_config('enable_seqscan', ${query.kind === "empty" ? "on" : "off"}, true),
        set_config('plan_cache_mode', 'force_custom_plan', true)`);
      return queryRows<HitRow>(tx, statement(phase, page));
    });
  // Similarity is the dear part (each candidate's text compared with each word): asked only when the words as
  // typed found nothing, which is what a typo looks like. A later page stays in the phase that answered page 1:
  // an empty page means "past the end" when that phase has results at all.
  let rows: HitRow[] = [];
  for (const phase of phasesOf(query, !clear)) {
    rows = await run(phase, { limit: input.pageSize, offset });
    if (rows.length > 0 || (offset > 0 && (await run(phase, { limit: 1, offset: 0 })).length > 0)) break;
  }

  const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  const sourceNames = await queryRows<{ name: string }>(db, sql`select name from sources order by name`);
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const hits: ProfileSearchHit[] = rows.map((row) => ({
    id: row.id,
    displayName: clear ? row.display_name : maskDisplayName(row.display_name),
    email: clear ? text(row.email) : text(maskGoldenValue("email", row.email)),
    phone: clear ? text(row.phone) : text(maskGoldenValue("phone", row.phone)),
    city: text(row.city),
    sources: row.sources ?? [],
    memberCount: Number(row.member_count),
    hasOpenReview: row.has_open_review,
    score: Math.round(Number(row.score) * 1000) / 1000,
    matchedOn: row.matched_on,
    updatedAt: new Date(row.updated_at),
  }));
  if (identifierLookup) {
    await auditIdentifierLookup(db, actor, {
      kind: identifierLookup,
      value: query.text,
      profileIds: hits.map((hit) => hit.id),
    });
  }
  if (clear && hits.length > 0) {
    await recordAudit(db, actor, {
      action: "profile.search_pii",
      entityType: "profile",
      details: { profileIds: hits.map((hit) => hit.id), page: input.page },
    });
  }
  return {
    hits,
    total,
    totalIsLowerBound: total >= MAX_CANDIDATES,
    page: input.page,
    pageSize: input.pageSize,
    query: { kind: query.kind },
    masked: !clear,
    sourceNames: sourceNames.map((s) => s.name),
  };
}
