// Impact analysis: everything downstream of an asset and of everything it contains (a system its datasets, a dataset
// its columns), nearest first, by a recursive query that carries its path and so ends on cycles; and the same list
// as CSV.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { writeCsv } from "../csv/write-csv";
import { notFound } from "../errors";
import type { AssetKind } from "../catalog/catalog-schemas";
import { parseInput } from "../parse-input";
import { impactInput, type ImpactInput } from "./lineage-schemas";

export interface ImpactedAsset {
  assetId: string;
  qualifiedName: string;
  name: string;
  kind: AssetKind;
  /** Hops from the analysed asset along the shortest path. */
  depth: number;
  /** The shortest path, as qualified names, from the analysed asset to this one. */
  path: string[];
  transformation: string;
  owner: string | null;
}

export interface ImpactAnalysis {
  asset: { id: string; qualifiedName: string; kind: AssetKind };
  impacted: ImpactedAsset[];
}

export async function analyzeImpact(db: Database, input: ImpactInput): Promise<ImpactAnalysis> {
  const data = parseInput(impactInput, input);
  const [asset] = await queryRows<{ id: string; qualified_name: string; kind: AssetKind }>(
    db,
    sql`select id::text as id, qualified_name, kind::text as kind from catalog_assets where id = ${data.assetId}`,
  );
  if (!asset) throw notFound("Catalog asset", data.assetId);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with recursive
          start(id) as (
            select id from catalog_assets where id = ${data.assetId}
            union select c.id from catalog_assets c join start s on c.parent_id = s.id
          ),
          down(id, depth, path, transformation) as (
            select e.to_asset_id, 1, array[e.from_asset_id, e.to_asset_id], e.transformation
              from lineage_edges e join start s on s.id = e.from_asset_id
            union all
            select e.to_asset_id, d.depth + 1, d.path || e.to_asset_id, e.transformation
              from down d join lineage_edges e on e.from_asset_id = d.id
             where not e.to_asset_id = any(d.path) and d.depth < ${data.maxDepth}
          ),
          nearest as (
            select distinct on (id) id, depth, path, transformation from down
             where id not in (select id from start) order by id, depth, path
          )
        select a.id::text as id, a.qualified_name, a.name, a.kind::text as kind, n.depth, n.transformation, u.email as owner,
               array(select q.qualified_name from unnest(n.path) with ordinality p(id, i) join catalog_assets q on q.id = p.id order by p.i) as path
          from nearest n join catalog_assets a on a.id = n.id left join users u on u.id = a.owner_id
         order by n.depth, a.qualified_name`,
  );
  return {
    asset: { id: asset.id, qualifiedName: asset.qualified_name, kind: asset.kind },
    impacted: rows.map((r) => ({
      assetId: r.id as string,
      qualifiedName: r.qualified_name as string,
      name: r.name as string,
      kind: r.kind as AssetKind,
      depth: Number(r.depth),
      path: (r.path as string[]) ?? [],
      transformation: r.transformation as string,
      owner: (r.owner as string | null) ?? null,
    })),
  };
}

export function impactAnalysisCsv(analysis: ImpactAnalysis): string {
  const columns = [
    "analysed_asset",
    "impacted_asset",
    "kind",
    { name: "depth", kind: "numeric" as const },
    "transformation",
    "owner",
    "path",
  ];
  return writeCsv(
    columns,
    analysis.impacted.map((row) => [
      analysis.asset.qualifiedName,
      row.qualifiedName,
      row.kind,
      row.depth,
      row.transformation,
      row.owner ?? "",
      row.path.join(" > "),
    ]),
  );
}
