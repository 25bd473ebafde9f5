// Registers what c360 itself knows into the catalog — each source system, its record feed and columns, the
// standardized fields and the golden attributes — and the lineage edges between them. Idempotent: a re-run
// updates names and properties but keeps what governance leads curated (descriptions, owners, tags).
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { activationExports, consentPurposes, lineageEdges, segments, sources } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { ADDRESS_PARTS, goldenAttributeConfig, storedRuleName } from "../profiles/golden-attribute-config";
import { piiKindOfAttribute } from "../profiles/mask-pii";
import { isMappableField, MAPPABLE_FIELDS } from "../sources/source-schemas";
import { pgTextArray } from "@c360/db/bulk";
import { platformNames } from "./catalog-schemas";
import { registerEventAssets, type EventAssetSpec } from "./sync-event-catalog";

/** Canonical fields that identify a row rather than describe a person: no standardized field, no golden value. */
const IDENTIFYING_FIELDS = new Set(["record_id", "source"]);
/** How many records per source are read to learn its columns when its mapping does not list them all. */
const COLUMN_SAMPLE = 500;

export interface SyncCatalogResult {
  assets: number;
  edges: number;
  newAssets: number;
  newEdges: number;
}

type AssetSpec = EventAssetSpec;

async function upsertAsset(db: Database, spec: AssetSpec): Promise<{ id: string; created: boolean }> {
  const [row] = await queryRows<{ id: string; created: boolean }>(
    db,
    // A classification given here is the first one only: on conflict the curated classification stays.
    sql`insert into catalog_assets (kind, qualified_name, name, parent_id, properties, registered_by, classification)
        values (${spec.kind}, ${spec.qualifiedName}, ${spec.name}, ${spec.parentId ?? null}, ${JSON.stringify(spec.properties ?? {})}::jsonb, 'platform',
                ${pgTextArray(spec.initialClassification ?? [])}::text[])
        on conflict (qualified_name) do update
          set name = excluded.name, parent_id = excluded.parent_id, kind = excluded.kind, registered_by = 'platform',
              properties = catalog_assets.properties || excluded.properties, updated_at = now()
        returning id::text as id, (xmax = 0) as created`,
  );
  return row!;
}

async function insertEdge(
  db: Database,
  fromAssetId: string,
  toAssetId: string,
  transformation: string,
  properties: Record<string, unknown> = {},
): Promise<boolean> {
  const inserted = await db
    .insert(lineageEdges)
    .values({ fromAssetId, toAssetId, transformation, recordedBy: "platform", jobName: "c360", properties })
    .onConflictDoNothing()
    .returning({ id: lineageEdges.id });
  return inserted.length > 0;
}

/** The golden attributes and the survivorship rules that choose them, address parts spelled out. */
export function goldenAttributeRules(): { attribute: string; rules: string[] }[] {
  const out: { attribute: string; rules: string[] }[] = [];
  for (const [attribute, rules] of Object.entries(goldenAttributeConfig)) {
    const stored = rules.map((r) => storedRuleName[r]);
    if (attribute === "address")
      for (const part of ADDRESS_PARTS) out.push({ attribute: part.attribute, rules: stored });
    else out.push({ attribute, rules: stored });
  }
  return out;
}

export async function syncCatalogFromPlatform(db: Database, actor: Actor): Promise<SyncCatalogResult> {
  return inTransaction(db, async (tx) => {
    const result: SyncCatalogResult = { assets: 0, edges: 0, newAssets: 0, newEdges: 0 };
    const register = async (spec: AssetSpec) => {
      const asset = await upsertAsset(tx, spec);
      result.assets += 1;
      if (asset.created) result.newAssets += 1;
      return asset.id;
    };
    const connect = async (
      from: string,
      to: string,
      transformation: string,
      properties?: Record<string, unknown>,
    ) => {
      result.edges += 1;
      if (await insertEdge(tx, from, to, transformation, properties)) result.newEdges += 1;
    };

    const standardized = new Map<string, string>();
    for (const field of MAPPABLE_FIELDS) {
      if (IDENTIFYING_FIELDS.has(field)) continue;
      standardized.set(
        field,
        await register({
          kind: "standardized_field",
          qualifiedName: platformNames.standardizedField(field),
          name: field,
          properties: { canonicalField: field },
        }),
      );
    }
    const goldenIdOf = new Map<string, string>();
    for (const { attribute, rules } of goldenAttributeRules()) {
      const goldenId = await register({
        kind: "golden_attribute",
        qualifiedName: platformNames.goldenAttribute(attribute),
        name: attribute,
        properties: { survivorship: rules },
      });
      goldenIdOf.set(attribute, goldenId);
      const input = standardized.get(attribute);
      if (input) await connect(input, goldenId, `survive:${rules[0]}`, { rules });
    }

    const systems = new Map<string, string>();
    for (const source of await tx.select().from(sources).orderBy(sources.name)) {
      const systemId = await register({
        kind: "source_system",
        qualifiedName: platformNames.sourceSystem(source.name),
        name: source.name,
        properties: { sourceKind: source.kind },
      });
      systems.set(source.name, systemId);
      const datasetId = await register({
        kind: "dataset",
        qualifiedName: platformNames.sourceDataset(source.name),
        name: `${source.name} records`,
        parentId: systemId,
        properties: { table: "source_records" },
      });
      // The system produces its records: impact analysis of a system reaches everything its data feeds.
      await connect(systemId, datasetId, "extract");
      // Columns: the mapping names the renamed ones; canonical headers need no mapping, so a sample of stored rows adds them.
      const sampled = await queryRows<{ key: string }>(
        tx,
        sql`select distinct k as key from (select raw from source_records where source_id = ${source.id} and jsonb_typeof(raw) = 'object' limit ${COLUMN_SAMPLE}) r,
            jsonb_object_keys(r.raw) k`,
      );
      const columns = [
        ...new Set([...Object.keys(source.fieldMapping), ...sampled.map((s) => s.key)]),
      ].sort();
      for (const column of columns) {
        const field = source.fieldMapping[column] ?? (isMappableField(column) ? column : null);
        const columnId = await register({
          kind: "column",
          qualifiedName: platformNames.sourceColumn(source.name, column),
          name: column,
          parentId: datasetId,
          properties: { canonicalField: field },
        });
        const target = field ? standardized.get(field) : undefined;
        if (target) await connect(columnId, target, `standardize:${field}`);
      }
    }
    // Events: their names and properties under each source, and what is computed from them (sync-event-catalog.ts).
    await registerEventAssets(tx, register, connect, (name) => systems.get(name));
    // c360's own activation exports: the segment chosen and the golden attributes written, into each export.
    const exported = await tx
      .select({
        name: activationExports.name,
        kind: activationExports.kind,
        fields: activationExports.fields,
        channel: activationExports.channel,
        segment: segments.name,
        purpose: consentPurposes.key,
      })
      .from(activationExports)
      .innerJoin(segments, eq(segments.id, activationExports.segmentId))
      .innerJoin(consentPurposes, eq(consentPurposes.id, activationExports.purposeId))
      .orderBy(activationExports.name);
    for (const exp of exported) {
      const exportId = await register({
        kind: "export",
        qualifiedName: platformNames.activationExport(exp.name),
        name: exp.name,
        properties: {
          exportKind: exp.kind,
          purpose: exp.purpose,
          channel: exp.channel || null,
          fields: exp.fields,
        },
        initialClassification: exp.fields.some((f) => piiKindOfAttribute(f) !== null) ? ["PII"] : [],
      });
      const segmentId = await register({
        kind: "segment",
        qualifiedName: platformNames.segment(exp.segment),
        name: exp.segment,
      });
      await connect(segmentId, exportId, "select:segment");
      for (const field of exp.fields) {
        const golden = goldenIdOf.get(field);
        if (golden) await connect(golden, exportId, "export:field", { purpose: exp.purpose });
      }
    }
    await recordAudit(tx, actor, { action: "catalog.sync", entityType: "catalog", details: { ...result } });
    return result;
  });
}
