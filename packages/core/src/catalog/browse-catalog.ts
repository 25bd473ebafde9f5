// The catalog page (issue 25): every asset c360 knows (source systems, their datasets and columns, standardized
// fields, golden attributes, segments, exports, events, OpenLineage datasets) with owner, glossary terms, effective
// classification, quality score from the latest completed run, and last update; searchable and filterable, a page
// at a time, with counts per kind for the filter.
import { type Database, queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { parseInput } from "../parse-input";
import { browseCatalogInput, type AssetKind, type BrowseCatalogInput } from "./catalog-schemas";

export interface CatalogRow {
  id: string;
  kind: AssetKind;
  name: string;
  qualifiedName: string;
  /** The dataset of a column, the system of a dataset. */
  parentName: string | null;
  description: string | null;
  ownerEmail: string | null;
  /** Its own classification and that of approved terms linked to it. */
  classification: string[];
  terms: { name: string; slug: string; status: string }[];
  /**
   * Weighted score (0-1) of the quality rules measuring this asset in the latest completed run: golden attributes
   * their golden rules, a column its source field's rules, a system or its dataset all of its source's rules.
   */
  quality: { score: number; rules: number; failing: number } | null;
  registeredBy: string;
  updatedAt: string;
}

export interface CatalogPage {
  rows: CatalogRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Assets per kind over the whole catalog (not the filtered page), for the kind filter. */
  kinds: { kind: AssetKind; count: number }[];
  /** When the quality figures were measured (null: no completed run yet). */
  qualityMeasuredAt: string | null;
}

export async function browseCatalog(db: Database, input: BrowseCatalogInput = {}): Promise<CatalogPage> {
  const data = parseInput(browseCatalogInput, input);
  const q = data.query?.toLowerCase() ?? "";
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const classification = data.classification ?? null;
  const [latest] = await queryRows<{ id: string; at: string }>(
    db,
    sql`select id::text as id, started_at::text as at from quality_runs where status = 'completed' order by started_at desc limit 1`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with assets as (
          select a.*, p.name as parent_name,
            case a.kind when 'source_system' then a.name when 'dataset' then p.name when 'column' then gp.name end as source_name,
            (select coalesce(array_agg(distinct c order by c), '{}') from (
               select unnest(a.classification)::text c
               union select unnest(t.classification)::text from glossary_term_links l join glossary_terms t on t.id = l.term_id
                 where l.asset_id = a.id and t.status = 'approved') cs) as effective,
            (select json_agg(json_build_object('name', t.name, 'slug', t.slug, 'status', t.status) order by t.name)
               from glossary_term_links l join glossary_terms t on t.id = l.term_id where l.asset_id = a.id) as terms
          from catalog_assets a
          left join catalog_assets p on p.id = a.parent_id
          left join catalog_assets gp on gp.id = p.parent_id
        ),
        results as (
          select q.scope::text as scope, s.name as source_name, q.field, q.weight, r.score,
                 coalesce((r.details->>'passed')::boolean, true) as passed
          from quality_results r join quality_rules q on q.id = r.rule_id left join sources s on s.id = q.source_id
          where r.run_id = ${latest?.id ?? null}::uuid and r.checked > 0
        )
        select a.id::text as id, a.kind::text as kind, a.name, a.qualified_name, a.parent_name, a.description,
               u.email as owner_email, a.effective, a.terms, a.registered_by::text as registered_by, a.updated_at::text as updated_at,
               (select case when count(*) = 0 then null else json_build_object(
                   'score', coalesce(sum(r.score * r.weight) / nullif(sum(r.weight), 0), avg(r.score)),
                   'rules', count(*), 'failing', count(*) filter (where not r.passed)) end
                from results r
                where (a.kind = 'golden_attribute' and r.scope = 'golden' and r.field = a.name)
                   or (a.kind in ('source_system', 'dataset') and r.scope = 'source' and r.source_name = a.source_name)
                   or (a.kind = 'column' and r.scope = 'source' and r.source_name = a.source_name
                       and r.field = a.properties->>'canonicalField')) as quality,
               count(*) over () as total
        from assets a left join users u on u.id = a.owner_id
        where (${q} = '' or lower(a.qualified_name) like ${like} or lower(a.name) like ${like}
               or lower(coalesce(a.description, '')) like ${like}
               or exists (select 1 from json_array_elements(coalesce(a.terms, '[]'::json)) t where lower(t->>'name') like ${like}))
          and (${data.kind ?? null}::text is null or a.kind::text = ${data.kind ?? null})
          and (${classification}::text is null
               or (${classification} = 'none' and cardinality(a.effective) = 0)
               or ${classification} = any(a.effective))
        order by a.qualified_name
        limit ${data.pageSize} offset ${(data.page - 1) * data.pageSize}`,
  );
  const kinds = await queryRows<{ kind: AssetKind; count: number }>(
    db,
    sql`select kind::text as kind, count(*)::int as count from catalog_assets group by kind order by kind`,
  );
  return {
    rows: rows.map(toRow),
    total: Number(rows[0]?.total ?? 0),
    page: data.page,
    pageSize: data.pageSize,
    kinds: kinds.map((k) => ({ kind: k.kind, count: Number(k.count) })),
    qualityMeasuredAt: latest?.at ?? null,
  };
}

function toRow(r: Record<string, unknown>): CatalogRow {
  const quality = (typeof r.quality === "string" ? JSON.parse(r.quality) : r.quality) as {
    score: number | string;
    rules: number | string;
    failing: number | string;
  } | null;
  const terms = (typeof r.terms === "string" ? JSON.parse(r.terms) : r.terms) as CatalogRow["terms"] | null;
  return {
    id: r.id as string,
    kind: r.kind as AssetKind,
    name: r.name as string,
    qualifiedName: r.qualified_name as string,
    parentName: (r.parent_name as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    ownerEmail: (r.owner_email as string | null) ?? null,
    classification: (r.effective as string[] | null) ?? [],
    terms: terms ?? [],
    quality: quality
      ? { score: Number(quality.score), rules: Number(quality.rules), failing: Number(quality.failing) }
      : null,
    registeredBy: r.registered_by as string,
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}
