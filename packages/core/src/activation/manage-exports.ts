// Exports: a segment sent for one consent purpose (and channel) as a CSV download or a webhook push, with the
// golden fields it carries; and the list of exports with their recent runs.
import type { Database } from "@c360/db/client";
import { activationExports, consentPurposes, exportRuns, segments } from "@c360/db/schema";
import { asc, desc, eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { createExportInput, type CreateExportInput } from "./activation-schemas";
import { checkWebhookTarget, webhookPolicyFromEnv, type WebhookPolicy } from "./check-webhook-target";
import { findPurpose, getSegment } from "./manage-segments";

export type ActivationExport = typeof activationExports.$inferSelect;
export type ExportRun = typeof exportRuns.$inferSelect;

export async function createExport(
  db: Database,
  actor: Actor,
  input: CreateExportInput,
  options: { webhookPolicy?: WebhookPolicy } = {},
): Promise<ActivationExport> {
  const data = parseInput(createExportInput, input);
  if (data.kind === "webhook" && data.webhookUrl) {
    // Checked again on every run, on the address connected to: DNS can change after this.
    const target = await checkWebhookTarget(data.webhookUrl, options.webhookPolicy ?? webhookPolicyFromEnv());
    if (!target.ok) throw new AppError("BAD_REQUEST", target.reason, { field: "webhookUrl" });
  }
  const purpose = await findPurpose(db, data.purposeKey);
  await getSegment(db, data.segmentId);
  if (purpose.channel && data.channel && data.channel !== purpose.channel) {
    throw new AppError(
      "BAD_REQUEST",
      `Purpose ${purpose.key} is about the ${purpose.channel} channel, not ${data.channel}.`,
    );
  }
  const [clash] = await db
    .select({ id: activationExports.id })
    .from(activationExports)
    .where(eq(activationExports.name, data.name));
  if (clash) throw new AppError("CONFLICT", `An export named ${data.name} already exists.`);
  const [created] = await db
    .insert(activationExports)
    .values({
      name: data.name,
      segmentId: data.segmentId,
      purposeId: purpose.id,
      channel: data.channel,
      kind: data.kind,
      webhookUrl: data.kind === "webhook" ? data.webhookUrl! : null,
      fields: data.fields,
      createdById: actor.userId,
    })
    .returning();
  await recordAudit(db, actor, {
    action: "activation.export_create",
    entityType: "activation_export",
    entityId: created!.id,
    details: { name: data.name, purpose: purpose.key, kind: data.kind, fields: data.fields },
  });
  // The export enters the catalog and lineage (golden attributes and its segment into it) when it is made.
  await syncCatalogFromPlatform(db, actor);
  return created!;
}

export async function listExports(db: Database) {
  const rows = await db
    .select({
      export: activationExports,
      segmentName: segments.name,
      purposeKey: consentPurposes.key,
      purposeChannel: consentPurposes.channel,
    })
    .from(activationExports)
    .innerJoin(segments, eq(segments.id, activationExports.segmentId))
    .innerJoin(consentPurposes, eq(consentPurposes.id, activationExports.purposeId))
    .orderBy(asc(activationExports.name));
  const runs = await db.select().from(exportRuns).orderBy(desc(exportRuns.startedAt)).limit(200);
  return rows.map((row) => ({
    ...row.export,
    segmentName: row.segmentName,
    purposeKey: row.purposeKey,
    effectiveChannel: row.export.channel || row.purposeChannel || "",
    runs: runs.filter((run) => run.exportId === row.export.id).slice(0, 10),
  }));
}
