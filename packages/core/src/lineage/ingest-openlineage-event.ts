// Stores an OpenLineage RunEvent and the lineage it implies: datasets and columns in the catalog, the job, and an
// edge per column-lineage input. The whole event is one transaction; an invalid one stores nothing.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { lineageEdges, openlineageEvents } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { assertStorableJson } from "../system/storable-json";
import { platformNames, type AssetKind } from "../catalog/catalog-schemas";
import {
  describeOpenLineageIssues,
  openLineageRunEvent,
  type OpenLineageRunEvent,
} from "./openlineage-schema";

/**
 * Datasets in the "c360" namespace are c360's own: "golden" is the golden profile (its columns are the golden
 * attributes) and "sources.<name>" a source's records. Every other dataset is registered as ol:<namespace>/<name>.
 */
export function openLineageQualifiedNames(
  namespace: string,
  name: string,
): { dataset: string | null; column: (field: string) => string } {
  if (namespace === "c360" && (name === "golden" || name === "golden_profiles")) {
    return { dataset: null, column: (field) => platformNames.goldenAttribute(field) };
  }
  const source = namespace === "c360" ? /^sources\.(.+)$/.exec(name)?.[1] : undefined;
  if (source)
    return {
      dataset: platformNames.sourceDataset(source),
      column: (field) => platformNames.sourceColumn(source, field),
    };
  const dataset = `ol:${namespace}/${name}`;
  return { dataset, column: (field) => `${dataset}#${field}` };
}

async function ensureAsset(
  db: Database,
  kind: AssetKind,
  qualifiedName: string,
  name: string,
  parentId: string | null,
  properties: Record<string, unknown>,
): Promise<string> {
  // An asset c360 registered keeps its kind and parent; only new ones take what the event says.
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into catalog_assets (kind, qualified_name, name, parent_id, properties, registered_by)
        values (${kind}, ${qualifiedName}, ${name}, ${parentId}, ${JSON.stringify(properties)}::jsonb, 'openlineage')
        on conflict (qualified_name) do update set updated_at = now(),
          kind = case when catalog_assets.registered_by = 'openlineage' then excluded.kind else catalog_assets.kind end
        returning id::text as id`,
  );
  return row!.id;
}

export interface IngestOpenLineageResult {
  eventId: string;
  assets: number;
  edges: number;
}

export async function ingestOpenLineageEvent(
  db: Database,
  actor: Actor,
  payload: unknown,
): Promise<IngestOpenLineageResult> {
  // Facets are stored as jsonb whole: a NUL anywhere in them would fail the transaction, not name the field.
  assertStorableJson(payload, "event");
  const parsed = openLineageRunEvent.safeParse(payload);
  if (!parsed.success) {
    const issues = describeOpenLineageIssues(parsed.error);
    throw new AppError("BAD_REQUEST", issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues });
  }
  const event: OpenLineageRunEvent = parsed.data;
  const jobName = `${event.job.namespace}/${event.job.name}`;
  return inTransaction(db, async (tx) => {
    const [stored] = await tx
      .insert(openlineageEvents)
      .values({
        eventType: event.eventType ?? "OTHER",
        eventTime: new Date(event.eventTime),
        runId: event.run.runId,
        jobNamespace: event.job.namespace,
        jobName: event.job.name,
        payload: payload as Record<string, unknown>,
      })
      .returning({ id: openlineageEvents.id });
    const assets = new Set<string>();
    let edges = 0;
    const edge = async (
      fromAssetId: string,
      toAssetId: string,
      transformation: string,
      properties: Record<string, unknown> = {},
    ) => {
      const inserted = await tx
        .insert(lineageEdges)
        .values({
          fromAssetId,
          toAssetId,
          transformation,
          recordedBy: "openlineage",
          jobName,
          runId: event.run.runId,
          properties,
        })
        .onConflictDoUpdate({
          target: [lineageEdges.fromAssetId, lineageEdges.toAssetId, lineageEdges.transformation],
          set: { runId: event.run.runId, jobName },
        })
        .returning({ id: lineageEdges.id });
      edges += inserted.length;
    };
    const datasetAsset = async (ds: (typeof event.inputs)[number], role: "input" | "output") => {
      const names = openLineageQualifiedNames(ds.namespace, ds.name);
      const kind: AssetKind = role === "output" ? (ds.facets?.c360Asset?.kind ?? "dataset") : "dataset";
      const id = names.dataset
        ? await ensureAsset(tx, kind, names.dataset, ds.name, null, { namespace: ds.namespace })
        : null;
      if (id) assets.add(id);
      return { id, names };
    };
    const columnAsset = async (datasetId: string | null, qualifiedName: string, field: string) => {
      const id = await ensureAsset(tx, "column", qualifiedName, field, datasetId, {});
      assets.add(id);
      return id;
    };

    const jobId = await ensureAsset(tx, "job", `ol:job:${jobName}`, event.job.name, null, {
      namespace: event.job.namespace,
      producer: event.producer,
    });
    assets.add(jobId);
    for (const input of event.inputs) {
      const { id } = await datasetAsset(input, "input");
      if (id) await edge(id, jobId, "read");
    }
    for (const output of event.outputs) {
      const { id: datasetId, names } = await datasetAsset(output, "output");
      if (datasetId) await edge(jobId, datasetId, "write");
      for (const field of output.facets?.schema?.fields ?? [])
        await columnAsset(datasetId, names.column(field.name), field.name);
      for (const [field, lineage] of Object.entries(output.facets?.columnLineage?.fields ?? {})) {
        const targetId = await columnAsset(datasetId, names.column(field), field);
        for (const source of lineage.inputFields) {
          const sourceNames = openLineageQualifiedNames(source.namespace, source.name);
          const sourceDatasetId = sourceNames.dataset
            ? await ensureAsset(tx, "dataset", sourceNames.dataset, source.name, null, {
                namespace: source.namespace,
              })
            : null;
          const sourceId = await columnAsset(sourceDatasetId, sourceNames.column(source.field), source.field);
          const first = source.transformations?.[0];
          const transformation = first
            ? [first.type, first.subtype].filter(Boolean).join(":")
            : (lineage.transformationType ?? "");
          await edge(sourceId, targetId, transformation, {
            description: first?.description ?? lineage.transformationDescription ?? null,
          });
        }
      }
    }
    await recordAudit(tx, actor, {
      action: "lineage.openlineage_event",
      entityType: "openlineage_event",
      entityId: stored!.id,
      details: {
        job: jobName,
        runId: event.run.runId,
        eventType: event.eventType ?? null,
        assets: assets.size,
        edges,
      },
    });
    return { eventId: stored!.id, assets: assets.size, edges };
  });
}
