// Reading and curating catalog assets. An asset's effective classification is its own plus that of the approved
// glossary terms linked to it: classification flows from terms to fields without being copied.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { catalogAssets, users } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import {
  curateAssetInput,
  listAssetsInput,
  type AssetKind,
  type CurateAssetInput,
  type ListAssetsInput,
} from "./catalog-schemas";

export interface AssetSummary {
  id: string;
  kind: AssetKind;
  qualifiedName: string;
  name: string;
  parentId: string | null;
  description: string | null;
  ownerEmail: string | null;
  tags: string[];
  classification: string[];
  effectiveClassification: string[];
  terms: { id: string; name: string; slug: string; status: string }[];
  registeredBy: string;
  properties: Record<string, unknown>;
}

function toSummary(r: Record<string, unknown>): AssetSummary {
  const own = (r.classification as string[]) ?? [];
  const inherited = (r.inherited as string[] | null) ?? [];
  return {
    id: r.id as string,
    kind: r.kind as AssetKind,
    qualifiedName: r.qualified_name as string,
    name: r.name as string,
    parentId: (r.parent_id as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    ownerEmail: (r.owner_email as string | null) ?? null,
    tags: (r.tags as string[]) ?? [],
    classification: own,
    effectiveClassification: [...new Set([...own, ...inherited])].sort(),
    terms: (r.terms as AssetSummary["terms"] | null) ?? [],
    registeredBy: r.registered_by as string,
    properties: (r.properties as Record<string, unknown>) ?? {},
  };
}

const assetSelect = sql`select a.id::text as id, a.kind::text as kind, a.qualified_name, a.name, a.parent_id::text as parent_id, a.description,
        u.email as owner_email, a.tags, a.classification, a.registered_by::text as registered_by, a.properties,
        (select array_agg(distinct c) from glossary_term_links l join glossary_terms t on t.id = l.term_id, unnest(t.classification) c
          where l.asset_id = a.id and t.status = 'approved') as inherited,
        (select json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'status', t.status) order by t.name)
           from glossary_term_links l join glossary_terms t on t.id = l.term_id where l.asset_id = a.id) as terms
   from catalog_assets a left join users u on u.id = a.owner_id`;

export async function listAssets(db: Database, input: ListAssetsInput = {}): Promise<AssetSummary[]> {
  const data = parseInput(listAssetsInput, input);
  const q = data.query?.toLowerCase() ?? "";
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${assetSelect}
        where (${q} = '' or lower(a.qualified_name) like ${like} or lower(a.name) like ${like} or lower(coalesce(a.description, '')) like ${like})
          and (${data.kind ?? null}::text is null or a.kind::text = ${data.kind ?? null})
        order by a.qualified_name limit ${data.limit}`,
  );
  return rows.map(toSummary);
}

export async function getAsset(db: Database, assetId: string): Promise<AssetSummary> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`${assetSelect} where a.id = ${assetId}`);
  if (!row) throw notFound("Catalog asset", assetId);
  return toSummary(row);
}

export async function curateAsset(
  db: Database,
  actor: Actor,
  input: CurateAssetInput,
): Promise<AssetSummary> {
  const data = parseInput(curateAssetInput, input);
  await inTransaction(db, async (tx) => {
    const [asset] = await tx
      .select()
      .from(catalogAssets)
      .where(eq(catalogAssets.id, data.assetId))
      .for("update");
    if (!asset) throw notFound("Catalog asset", data.assetId);
    if (data.ownerId) {
      const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, data.ownerId));
      if (!owner)
        throw new AppError("BAD_REQUEST", `ownerId: no user ${data.ownerId}.`, { field: "ownerId" });
    }
    const changes = {
      ...(data.description !== undefined && { description: data.description }),
      ...(data.ownerId !== undefined && { ownerId: data.ownerId }),
      ...(data.tags !== undefined && { tags: [...new Set(data.tags)] }),
      ...(data.classification !== undefined && { classification: [...new Set(data.classification)] }),
    };
    if (!Object.keys(changes).length)
      throw new AppError(
        "BAD_REQUEST",
        "Nothing to change: give a description, owner, tags or classification.",
      );
    await tx.update(catalogAssets).set(changes).where(eq(catalogAssets.id, asset.id));
    await recordAudit(tx, actor, {
      action: "catalog.asset_curate",
      entityType: "catalog_asset",
      entityId: asset.id,
      details: { qualifiedName: asset.qualifiedName, fields: Object.keys(changes) },
    });
  });
  return getAsset(db, data.assetId);
}
