// Runs an export: selects the segment's active profiles, keeps only those with current 'given' consent for the
// export's purpose and channel (decided in the same query, so a withdrawal recorded before the run is honoured by
// it), delivers them as CSV or by webhook, and records the run (who, when, purpose, counts, outcome).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { activationExports, consentPurposes, exportRuns } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { hasCurrentConsent } from "../consent/consent-gate";
import { canExportContactPoints, canSeePii, maskGoldenValue } from "../profiles/mask-pii";
import { parseInput } from "../parse-input";
import { runExportInput } from "./activation-schemas";
import type { ExportRun } from "./manage-exports";
import { definitionOf, getSegment } from "./manage-segments";
import { compileSegment } from "./segment-rules";
import {
  checkWebhookTarget,
  webhookDispatcher,
  webhookPolicyFromEnv,
  WebhookTargetRefusedError,
  type WebhookPolicy,
} from "./check-webhook-target";
import { logUnexpectedError } from "../system/describe-error-for-log";
import { writeCsv, type CsvColumn } from "../csv/write-csv";
import { fetch as undiciFetch } from "undici";

/** Profiles per webhook request: a receiver gets bounded bodies however large the segment. */
export const WEBHOOK_BATCH = 1000;
const WEBHOOK_TIMEOUT_MS = 15_000;

export interface ExportRunResult {
  run: ExportRun;
  /** The CSV text of a CSV export (the portal offers it as a download). */
  csv: string | null;
  fileName: string | null;
}

export type ExportedProfile = { profile_id: string } & Record<string, string | null>;

/** Golden values are text, except the phone, which stays dialable (see csv/write-csv.ts for the guard). */
export function toCsv(fields: string[], profiles: ExportedProfile[]): string {
  const columns: CsvColumn[] = [
    { name: "profile_id" },
    ...fields.map((f) => ({ name: f, kind: f === "phone" ? ("numeric" as const) : ("text" as const) })),
  ];
  return writeCsv(
    columns,
    profiles.map((p) => [p.profile_id, ...fields.map((f) => p[f] ?? null)]),
  );
}

/** What a failed delivery stores and shows: the receiver's own HTTP answer, or a text that says nothing of the network. */
export const UNREACHABLE_WEBHOOK = "The destination refused or could not be reached.";

async function pushToWebhook(
  url: string,
  payloads: unknown[],
  runId: string,
  policy: WebhookPolicy,
): Promise<{ status: number | null; error: string | null }> {
  const target = await checkWebhookTarget(url, policy);
  if (!target.ok) return { status: null, error: target.reason };
  const dispatcher = webhookDispatcher(policy);
  let status: number | null = null;
  try {
    for (const [index, payload] of payloads.entries()) {
      try {
        const response = await undiciFetch(target.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": `${runId}:${index}`,
            "x-c360-export-run": runId,
          },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          // A redirect would lead to a target nobody checked.
          redirect: "manual",
          dispatcher,
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (status >= 300 && status < 400)
          return {
            status,
            error: `The webhook answered with a redirect (HTTP ${status}) to batch ${index + 1} of ${payloads.length}; redirects are not followed: use the final address.`,
          };
        if (!response.ok)
          return {
            status,
            error: `The webhook answered HTTP ${response.status} to batch ${index + 1} of ${payloads.length}.`,
          };
      } catch (error) {
        // Why a connection failed (refused, reset, which port) stays in the server log: stored and shown, it would
        // let anyone who may create exports map the network behind c360.
        const refused = findCause(error, WebhookTargetRefusedError);
        if (refused) return { status, error: refused.message };
        logUnexpectedError(`webhook export run ${runId} to ${target.url.host}, batch ${index + 1}`, error);
        return { status, error: `${UNREACHABLE_WEBHOOK} (batch ${index + 1} of ${payloads.length})` };
      }
    }
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
  return { status, error: null };
}

function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++)
    if (current instanceof type) return current;
  return null;
}

export interface RunExportOptions {
  /** Where webhooks may go; by default C360_WEBHOOK_ALLOWED_HOSTS. */
  webhookPolicy?: WebhookPolicy;
}

export async function runExport(
  db: Database,
  actor: Actor,
  input: { exportId: string },
  options: RunExportOptions = {},
): Promise<ExportRunResult> {
  const { exportId } = parseInput(runExportInput, input);
  const [definition] = await db
    .select({ export: activationExports, purpose: consentPurposes })
    .from(activationExports)
    .innerJoin(consentPurposes, eq(consentPurposes.id, activationExports.purposeId))
    .where(eq(activationExports.id, exportId));
  if (!definition) throw new AppError("NOT_FOUND", `Export ${exportId} does not exist.`);
  const { export: exp, purpose } = definition;
  const segment = await getSegment(db, exp.segmentId);
  const where = compileSegment(definitionOf(segment));
  const channel = exp.channel || purpose.channel || "";
  const fields = exp.fields;

  const [started] = await db
    .insert(exportRuns)
    .values({
      exportId,
      segmentId: segment.id,
      purposeId: purpose.id,
      channel,
      kind: exp.kind,
      actorUserId: actor.userId,
      actorLabel: actor.label,
    })
    .returning();
  const run = started!;
  try {
    const rows = await queryRows<{
      id: string;
      consented: boolean;
      attributes: Record<string, string | null> | string | null;
    }>(
      db,
      sql`select s.id, s.consented,
            case when s.consented then (select jsonb_object_agg(g.attribute, g.value #>> '{}') from golden_attributes g
              where g.profile_id = s.id and g.attribute in (${sql.join(fields.length ? fields.map((f) => sql`${f}`) : [sql`''`], sql`, `)})) end as attributes
          from (select p.id, ${hasCurrentConsent(sql`p.id`, purpose.id, channel)} as consented
                from profiles p where p.status = 'active' and ${where}) s
          order by s.id`,
    );
    const pii = canExportContactPoints(actor);
    const included: ExportedProfile[] = rows
      .filter((r) => r.consented)
      .map((r) => {
        const attributes = (typeof r.attributes === "string" ? JSON.parse(r.attributes) : r.attributes) ?? {};
        const profile: ExportedProfile = { profile_id: r.id };
        for (const field of fields) {
          const value = (attributes[field] as string | null | undefined) ?? null;
          profile[field] = value === null || pii ? value : String(maskGoldenValue(field, value));
        }
        return profile;
      });
    const counts = {
      matchedCount: rows.length,
      exportedCount: included.length,
      excludedForConsentCount: rows.length - included.length,
    };
    let csv: string | null = null;
    let delivery: { status: number | null; error: string | null } = { status: null, error: null };
    if (exp.kind === "csv") csv = toCsv(fields, included);
    else {
      const generatedAt = new Date().toISOString();
      const batches = Math.max(1, Math.ceil(included.length / WEBHOOK_BATCH));
      const payloads = Array.from({ length: batches }, (_, i) => ({
        export: { id: exp.id, name: exp.name },
        run: run.id,
        purpose: purpose.key,
        channel,
        generatedAt,
        batch: { index: i + 1, of: batches },
        total: included.length,
        profiles: included.slice(i * WEBHOOK_BATCH, (i + 1) * WEBHOOK_BATCH),
      }));
      delivery = await pushToWebhook(
        exp.webhookUrl!,
        payloads,
        run.id,
        options.webhookPolicy ?? webhookPolicyFromEnv(),
      );
    }
    const [finished] = await db
      .update(exportRuns)
      .set({
        ...counts,
        status: delivery.error ? "failed" : "completed",
        httpStatus: delivery.status,
        error: delivery.error,
        finishedAt: new Date(),
      })
      .where(eq(exportRuns.id, run.id))
      .returning();
    await recordAudit(db, actor, {
      action: "activation.export_run",
      entityType: "activation_export",
      entityId: exp.id,
      details: {
        runId: run.id,
        name: exp.name,
        purpose: purpose.key,
        channel,
        ...counts,
        status: finished!.status,
        masked: !pii,
        // Which right let the contact points out unmasked (null: masked).
        contactPointsBy: !pii ? null : canSeePii(actor) ? "profile:pii" : "activation:export",
      },
    });
    return {
      run: finished!,
      csv,
      fileName:
        csv === null
          ? null
          : `${exp.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${run.startedAt.toISOString().slice(0, 10)}.csv`,
    };
  } catch (error) {
    await db
      .update(exportRuns)
      // A database error's text can carry the values it was given: only our own errors are stored as they are.
      .set({
        status: "failed",
        error:
          error instanceof AppError
            ? error.message.slice(0, 500)
            : "The export failed on the server; it has been logged.",
        finishedAt: new Date(),
      })
      .where(eq(exportRuns.id, run.id));
    throw error;
  }
}
