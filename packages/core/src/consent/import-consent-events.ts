// Consent events in bulk from a CSV or JSON-lines file (a consent platform's export, a migration): each row is
// one event, recorded through recordConsentEvent so the same rules apply; bad rows are reported by number and the
// good ones kept; a re-import of the same file records nothing twice.
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { readRows, type ByteSource, type ReadItem, type RowFormat } from "../ingest/read-rows";
import type { ConsentEventInput } from "./consent-schemas";
import { recordConsentEvent } from "./record-consent-event";

/** Flat columns of a consent file; JSON lines may instead nest them as in POST /api/v1/consent. */
export const consentFileColumns = [
  "profile_id",
  "email",
  "phone",
  "source",
  "external_id",
  "purpose",
  "channel",
  "status",
  "notice_key",
  "notice_version",
  "method",
  "origin",
  "user_agent",
  "captured_at",
  "effective_at",
  "expires_at",
  "idempotency_key",
] as const;

export interface ConsentImportSummary {
  rows: number;
  recorded: number;
  duplicates: number;
  unattributed: number;
  rejected: number;
  errors: { row: number; reason: string }[];
}

const text = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
};

/** One file row as the event input; nested JSON (subject, notice) is taken as it is. */
export function consentEventOfRow(
  values: Record<string, unknown>,
  fileName: string | undefined,
): ConsentEventInput {
  const unknownColumns = Object.keys(values).filter(
    (c) =>
      !(consentFileColumns as readonly string[]).includes(c) &&
      ![
        "subject",
        "notice",
        "capturedAt",
        "effectiveAt",
        "expiresAt",
        "userAgent",
        "idempotencyKey",
      ].includes(c),
  );
  if (unknownColumns.length)
    throw new AppError(
      "BAD_REQUEST",
      `unknown column ${unknownColumns.map((c) => `"${c}"`).join(", ")} (columns are ${consentFileColumns.join(", ")})`,
    );
  const subject =
    values.subject && typeof values.subject === "object"
      ? (values.subject as ConsentEventInput["subject"])
      : {
          profileId: text(values.profile_id),
          email: text(values.email),
          phone: text(values.phone),
          externalIds:
            text(values.source) && text(values.external_id)
              ? [{ source: text(values.source)!, id: text(values.external_id)! }]
              : undefined,
        };
  const noticeKey = text(values.notice_key);
  const notice =
    values.notice && typeof values.notice === "object"
      ? (values.notice as ConsentEventInput["notice"])
      : noticeKey
        ? { key: noticeKey, version: Number(text(values.notice_version) ?? NaN) }
        : undefined;
  return {
    subject,
    purpose: text(values.purpose) as string,
    channel: text(values.channel) as ConsentEventInput["channel"],
    status: text(values.status) as ConsentEventInput["status"],
    notice,
    method: text(values.method) ?? "import",
    origin: text(values.origin) ?? (fileName ? `file:${fileName}` : "import"),
    userAgent: text(values.user_agent ?? values.userAgent),
    capturedAt: text(values.captured_at ?? values.capturedAt),
    effectiveAt: text(values.effective_at ?? values.effectiveAt),
    expiresAt: text(values.expires_at ?? values.expiresAt),
    idempotencyKey: text(values.idempotency_key ?? values.idempotencyKey),
  };
}

const MAX_REPORTED_ERRORS = 1000;

export async function importConsentEvents(
  db: Database,
  actor: Actor,
  input: { rows: AsyncIterable<ReadItem>; fileName?: string },
): Promise<ConsentImportSummary> {
  const summary: ConsentImportSummary = {
    rows: 0,
    recorded: 0,
    duplicates: 0,
    unattributed: 0,
    rejected: 0,
    errors: [],
  };
  const reject = (row: number, reason: string) => {
    summary.rejected++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ row, reason });
  };
  for await (const item of input.rows) {
    if (item.kind === "columns") continue;
    summary.rows++;
    if (item.kind === "error") {
      reject(item.row, item.reason);
      continue;
    }
    try {
      const result = await recordConsentEvent(db, actor, consentEventOfRow(item.values, input.fileName));
      if (result.duplicate) summary.duplicates++;
      else {
        summary.recorded++;
        if (!result.profileId) summary.unattributed++;
      }
    } catch (error) {
      if (error instanceof AppError && error.code === "BAD_REQUEST") reject(item.row, error.message);
      else throw error;
    }
  }
  await recordAudit(db, actor, {
    action: "consent.import",
    entityType: "consent_events",
    details: {
      fileName: input.fileName ?? null,
      rows: summary.rows,
      recorded: summary.recorded,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
    },
  });
  return summary;
}

/** The same from text (the portal's upload). */
export function importConsentText(
  db: Database,
  actor: Actor,
  input: { text: string; format: RowFormat; fileName?: string },
): Promise<ConsentImportSummary> {
  const source: ByteSource = [input.text];
  return importConsentEvents(db, actor, { rows: readRows(source, input.format), fileName: input.fileName });
}
