// The lineage graph as nodes and edges: everything, or what one asset is connected to. Traversals carry their
// path and never revisit a node, so a cycle ends the walk instead of looping.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { AssetKind } from "../catalog/catalog-schemas";
import { parseInput } from "../parse-input";
import { lineageGraphInput, type LineageGraphInput } from "./lineage-schemas";

export interface LineageNode {
  id: string;
  kind: AssetKind;
  name: string;
  qualifiedName: string;
  parentId: string | null;
  registeredBy: string;
  classification: string[];
}
export interface LineageEdge {
  id: string;
  from: string;
  to: string;
  transformation: string;
  recordedBy: string;
  jobName: string | null;
}
export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  truncated: boolean;
}

export async function getLineageGraph(db: Database, input: LineageGraphInput = {}): Promise<LineageGraph> {
  const data = parseInput(lineageGraphInput, input);
  const focus = data.focusAssetId ?? null;
  const nodes = await queryRows<Record<string, unknown>>(
    db,
    sql`with recursive
          start as (
            select id from catalog_assets where id = ${focus}
            union select c.id from catalog_assets c where c.parent_id = ${focus}
          ),
          down(id, path) as (
            select id, array[id] from start
            union all
            select e.to_asset_id, d.path || e.to_asset_id from down d join lineage_edges e on e.from_asset_id = d.id
             where not e.to_asset_id = any(d.path) and cardinality(d.path) < 60
          ),
          up(id, path) as (
            select id, array[id] from start
            union all
            select e.from_asset_id, u.path || e.from_asset_id from up u join lineage_edges e on e.to_asset_id = u.id
             where not e.from_asset_id = any(u.path) and cardinality(u.path) < 60
          ),
          connected as (select id from down union select id from up),
          chosen as (
            select id from catalog_assets where ${focus}::uuid is null
            union select id from connected
            union select a.parent_id from catalog_assets a join connected c on c.id = a.id where a.parent_id is not null
            union select p.parent_id from catalog_assets a join connected c on c.id = a.id join catalog_assets p on p.id = a.parent_id where p.parent_id is not null
          )
        select a.id::text as id, a.kind::text as kind, a.name, a.qualified_name, a.parent_id::text as parent_id,
               a.registered_by::text as registered_by,
               array(select distinct x from unnest(a.classification || coalesce((select array_agg(c) from glossary_term_links l join glossary_terms t on t.id = l.term_id,
                     unnest(t.classification) c where l.asset_id = a.id and t.status = 'approved'), '{}')) x order by x) as classification
          from catalog_assets a where a.id in (select id from chosen)
         order by a.qualified_name limit ${data.limit + 1}`,
  );
  const truncated = nodes.length > data.limit;
  const kept = nodes.slice(0, data.limit);
  const ids = new Set(kept.map((n) => n.id as string));
  const edges = await queryRows<Record<string, unknown>>(
    db,
    sql`select id::text as id, from_asset_id::text as "from", to_asset_id::text as "to", transformation, recorded_by::text as recorded_by, job_name
          from lineage_edges order by created_at, id`,
  );
  return {
    nodes: kept.map((n) => ({
      id: n.id as string,
      kind: n.kind as AssetKind,
      name: n.name as string,
      qualifiedName: n.qualified_name as string,
      parentId: (n.parent_id as string | null) ?? null,
      registeredBy: n.registered_by as string,
      classification: (n.classification as string[]) ?? [],
    })),
    edges: edges
      .filter((e) => ids.has(e.from as string) && ids.has(e.to as string))
      .map((e) => ({
        id: e.id as string,
        from: e.from as string,
        to: e.to as string,
        transformation: e.transformation as string,
        recordedBy: e.recorded_by as string,
        jobName: (e.job_name as string | null) ?? null,
      })),
    truncated,
  };
}
