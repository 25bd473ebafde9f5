// Bulk synthetic data for benchmarks, written set-based (generate_series, one statement per table and chunk), so
// a million profiles load in minutes. Profile g always gets the same id (bench_uuid('p' || g)), so benches can name one.
// "email" detail: what the quality dashboard bench needs (a name and a golden email, one in 50 shared).
// "full" detail: what the portal bench needs: names, contact points and address as golden attributes with
// provenance, member source records with raw and standardized payloads, and the search text.
import { queryRows, type Database } from "@c360/db/client";
import {
  EMAIL_DOMAINS,
  FEMALE_NAMES,
  MALE_NAMES,
  PLACES,
  RARE_SURNAMES,
  STREET_NAMES,
  STREET_TYPES,
  SURNAMES,
} from "@c360/matching/synthetic/pools";
import { sql } from "drizzle-orm";
import { pgTextArray } from "@c360/db/bulk";

/** The demo sources, in the order a profile's records come from them (a profile with 2 records has crm and ecommerce). */
export const BULK_SOURCES = ["crm", "ecommerce", "support", "marketing", "billing"] as const;
const CHANNEL_TYPES: [string, string][] = [
  ["purchase", "order.placed"],
  ["web", "page.view"],
  ["email", "email.open"],
  ["web", "page.view"],
  ["ticket", "ticket.opened"],
  ["email", "email.click"],
  ["call", "call.inbound"],
  ["sms", "sms.delivered"],
  ["chat", "chat.started"],
  ["store", "store.visit"],
];

/**
 * The id of benchmark profile g ('p' || g) or record k of it ('r' || g || '-' || k): an md5 shaped as a version-4
 * UUID, so ids pass the API's validation and every run names the same rows.
 */
export async function createBenchUuidFunction(db: Database): Promise<void> {
  await db.execute(sql`create or replace function bench_uuid(key text) returns uuid language sql immutable parallel safe
    as $$ select overlay(overlay(md5(key) placing '4' from 13) placing '8' from 17)::uuid $$`);
}

export interface BulkProfilesOptions {
  profiles: number;
  detail: "email" | "full";
  /** Rows per statement: big enough to be set-based, small enough to keep each transaction's memory modest. */
  chunk?: number;
  onProgress?: (message: string) => void;
}

const text = (values: readonly string[]) => sql.raw(`'${pgTextArray(values).replace(/'/g, "''")}'::text[]`);
/** A pseudo-random non-negative int from g and a salt: the same on every run. */
const rand = (salt: number) => sql.raw(`(hashint8(g::int8 * 7919 + ${salt}) & 2147483647)`);
const pick = (pool: readonly string[], salt: number) =>
  sql`(${text(pool)})[1 + ${rand(salt)} % ${pool.length}]`;

/** Inserts the demo sources if missing; returns their ids in BULK_SOURCES order. */
export async function ensureBulkSources(db: Database): Promise<string[]> {
  // Each demo source's name is also its kind.
  await db.execute(sql`insert into sources (name, kind, description) select s, s::source_kind, 'Benchmark ' || s || ' system (synthetic)'
    from unnest(${text(BULK_SOURCES)}) s on conflict (name) do nothing`);
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from sources where name = any(${text(BULK_SOURCES)})`,
  );
  return BULK_SOURCES.map((name) => rows.find((r) => r.name === name)!.id);
}

async function loadEmailChunk(db: Database, from: number, to: number) {
  await db.execute(sql`insert into profiles (id, display_name, search_text)
    select bench_uuid('p' || g), 'Person ' || g, '' from generate_series(${from}::int, ${to}::int) g`);
  await db.execute(sql`insert into golden_attributes (profile_id, attribute, value, rule)
    select bench_uuid('p' || g), 'email', to_jsonb('person' || (case when g % 50 = 0 then g - 1 else g end) || '@example.com'), 'no_conflict'
    from generate_series(${from}::int, ${to}::int) g`);
}

/** One chunk of full profiles, in one transaction with a staging table of the people it describes. */
async function loadFullChunk(db: Database, sourceIds: readonly string[], from: number, to: number) {
  const surnames = [...SURNAMES, ...RARE_SURNAMES];
  await db.transaction(async (tx) => {
    // Consistent by construction: the foreign-key triggers would only re-check what the generator guarantees.
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`create temp table bench_people on commit drop as
      select g, bench_uuid('p' || g) as profile_id, fn, ln,
        -- As standardizeEmail stores them: gmail ignores dots, so its addresses have none.
        fn || (case when domain = 'gmail.com' then '' else '.' end) || ln || (g % 9973) || '@' || domain as email,
        '+1' || (200 + ${rand(4)} % 800) || lpad((${rand(5)} % 10000000)::text, 7, '0') as phone,
        to_char(date '1940-01-01' + ${rand(6)} % 25000, 'YYYY-MM-DD') as dob,
        (${rand(7)} % 9999 + 1)::text as street_number,
        ${pick(STREET_NAMES, 8)} || ' ' || ${pick(STREET_TYPES, 9)} as street,
        place, 1 + ${rand(10)} % 4 as members
      from (
        select g, ${pick([...MALE_NAMES, ...FEMALE_NAMES], 1)} as fn,
          -- Common surnames are common: the square of a uniform number favours the head of the list.
          (${text(surnames)})[1 + floor(${surnames.length} * power((${rand(2)} % 100000) / 100000.0, 2))::int] as ln,
          ${rand(11)} % ${PLACES.length} as place, ${pick(EMAIL_DOMAINS, 3)} as domain
        from generate_series(${from}::int, ${to}::int) g
      ) people`);
    await tx.execute(
      sql`alter table bench_people add column city text, add column state text, add column postcode text`,
    );
    const places = sql.raw(
      `(values ${PLACES.map(([city, state, zip3], i) => `(${i}, '${city}', '${state}', '${zip3}')`).join(", ")}) as pl(i, city, state, zip3)`,
    );
    await tx.execute(sql`update bench_people b set city = pl.city, state = pl.state, postcode = pl.zip3 || lpad((b.g % 100)::text, 2, '0')
      from ${places} where pl.i = b.place`);

    await tx.execute(sql`create temp table bench_records on commit drop as
      select b.*, k, bench_uuid('r' || b.g || '-' || k) as record_id, (${text(BULK_SOURCES)})[k] as source_name,
        (${text(sourceIds)})[k]::uuid as source_id, (${text(BULK_SOURCES)})[k] || '-' || b.g as external_id
      from bench_people b, generate_series(1, b.members) k`);
    await tx.execute(sql`insert into profiles (id, display_name, search_text, created_at, updated_at)
      select b.profile_id, initcap(b.fn) || ' ' || initcap(b.ln),
        b.fn || ' ' || b.ln || ' ' || b.email || ' ' || b.phone || ' ' || ids.external_ids,
        now() - (b.g % 1000) * interval '1 day', now() - (b.g % 100) * interval '1 day'
      from bench_people b
      join (select g, string_agg(external_id, ' ' order by k) as external_ids from bench_records group by g) ids on ids.g = b.g`);
    await tx.execute(sql`insert into source_records (id, source_id, external_id, content_hash, raw, standardized, profile_id, first_seen_at, updated_at)
      select r.record_id, r.source_id, r.external_id, md5(r.external_id),
        jsonb_build_object('record_id', r.external_id, 'first_name', initcap(r.fn), 'last_name', initcap(r.ln), 'email', r.email,
          'phone', r.phone, 'dob', r.dob, 'street_number', r.street_number, 'street', initcap(r.street), 'city', initcap(r.city),
          'state', upper(r.state), 'postcode', r.postcode),
        jsonb_build_object('id', r.external_id, 'source', r.source_name, 'firstName', r.fn, 'lastName', r.ln, 'email', r.email,
          'phone', r.phone, 'dob', r.dob, 'streetNumber', r.street_number, 'street', r.street, 'city', r.city,
          'state', r.state, 'postcode', r.postcode),
        r.profile_id, now() - (r.g % 1000) * interval '1 day' + r.k * interval '1 hour', now() - (r.g % 100) * interval '1 day'
      from bench_records r`);
    await tx.execute(sql`insert into profile_members (profile_id, record_id, score, reason, matched_by, joined_at)
      select r.profile_id, r.record_id, case when r.k = 1 then null else 0.97 end, (case when r.k = 1 then 'seed' else 'model' end)::member_reason,
        case when r.k = 1 then null else 'c360-default@1' end, now() - (r.g % 1000) * interval '1 day' + r.k * interval '1 hour'
      from bench_records r`);
    // Every member agrees (the generator writes one person's values into each record): one distinct value.
    await tx.execute(sql`insert into golden_attributes (profile_id, attribute, value, source_record_id, rule, rule_detail)
      select b.profile_id, a.attribute, to_jsonb(a.value), bench_uuid('r' || b.g || '-1'), 'no_conflict',
        jsonb_build_object('rules', jsonb_build_array('most_trusted_source', 'most_recent'), 'distinctValues', 1)
      from bench_people b, lateral (values ('first_name', initcap(b.fn)), ('last_name', initcap(b.ln)), ('email', b.email),
        ('phone', b.phone), ('dob', b.dob), ('street_number', b.street_number), ('street', initcap(b.street)),
        ('city', initcap(b.city)), ('state', upper(b.state)), ('postcode', b.postcode)) as a(attribute, value)`);
  });
}

/** Interactions numbered from..to, each on a pseudo-random profile among the first `profiles`, over two years. */
async function loadInteractionChunk(db: Database, crmId: string, profiles: number, from: number, to: number) {
  const types = sql.raw(
    `(values ${CHANNEL_TYPES.map(([c, t], i) => `(${i}, '${c}', '${t}')`).join(", ")}) as ct(i, channel, type)`,
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`insert into interactions (profile_id, source_record_id, source_id, external_id, channel, type, occurred_at, amount, currency)
      select bench_uuid('p' || p), bench_uuid('r' || p || '-1'), ${crmId}::uuid, 'bench-' || g, ct.channel::interaction_channel, ct.type,
        now() - (${rand(21)} % (730 * 86400)) * interval '1 second',
        case when ct.channel = 'purchase' then round((${rand(22)} % 50000) / 100.0, 2) end,
        case when ct.channel = 'purchase' then 'USD' end
      from (select g, 1 + ${rand(20)} % ${profiles} as p, ${rand(23)} % ${CHANNEL_TYPES.length} as t
            from generate_series(${from}::bigint, ${to}::bigint) g) x
      join ${types} on ct.i = x.t`);
  });
}

export async function loadBulkProfiles(db: Database, options: BulkProfilesOptions): Promise<void> {
  const chunk = options.chunk ?? (options.detail === "full" ? 50_000 : 200_000);
  const say = options.onProgress ?? (() => {});
  await createBenchUuidFunction(db);
  const sourceIds = options.detail === "full" ? await ensureBulkSources(db) : [];
  for (let from = 1; from <= options.profiles; from += chunk) {
    const to = Math.min(options.profiles, from + chunk - 1);
    if (options.detail === "email") await loadEmailChunk(db, from, to);
    else await loadFullChunk(db, sourceIds, from, to);
    say(`profiles ${to}/${options.profiles}`);
  }
}

export async function loadBulkInteractions(
  db: Database,
  options: { profiles: number; interactions: number; chunk?: number; onProgress?: (message: string) => void },
): Promise<void> {
  const chunk = options.chunk ?? 1_000_000;
  await createBenchUuidFunction(db);
  const [crmId] = await ensureBulkSources(db);
  for (let from = 1; from <= options.interactions; from += chunk) {
    const to = Math.min(options.interactions, from + chunk - 1);
    await loadInteractionChunk(db, crmId!, options.profiles, from, to);
    options.onProgress?.(`interactions ${to}/${options.interactions}`);
  }
}

/**
 * Drops the secondary indexes of the given tables (not those behind a primary key or unique constraint) and
 * returns a function that builds them again: a bulk load into unindexed tables, then one sort per index, is far
 * faster than maintaining every index row by row.
 */
export async function withoutSecondaryIndexes(
  db: Database,
  tables: readonly string[],
): Promise<() => Promise<void>> {
  const rows = await queryRows<{ name: string; definition: string }>(
    db,
    sql`select i.relname as name, pg_get_indexdef(i.oid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relname = any(${text(tables)}) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
  );
  for (const row of rows) await db.execute(sql.raw(`drop index if exists "${row.name}"`));
  return async () => {
    for (const row of rows) await db.execute(sql.raw(row.definition));
  };
}
