// Reads privacy requests: the open ones against their deadlines, one with its fulfilment log, its export as a file.
import type { Database } from "@c360/db/client";
import { privacyRequestLog, privacyRequests, users } from "@c360/db/schema";
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { type z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { canSeePii, maskPayload } from "../profiles/mask-pii";
import { searchProfiles } from "../profiles/search-profiles";
import { portabilityCsv, type PortabilityExport } from "./build-subject-export";
import { deadlineOf, type Deadline } from "./due-date";
import {
  downloadExportInput,
  listPrivacyRequestsInput,
  lookupSubjectInput,
  OPEN_STATUSES,
  privacyRequestIdInput,
  type ListPrivacyRequestsInput,
} from "./privacy-schemas";
import { parseInput } from "../parse-input";

const DAY = 86_400_000;

export type PrivacyRequestSummary = {
  id: string;
  kind: "access" | "erasure" | "rectification" | "portability";
  status: "received" | "verifying" | "in_progress" | "completed" | "rejected";
  /** As given, masked for a caller without profile:pii; empty once an erasure minimised it. */
  subject: Record<string, unknown>;
  profileId: string | null;
  receivedAt: Date;
  dueAt: Date;
  verifiedAt: Date | null;
  completedAt: Date | null;
  deadline: Deadline;
  /** Days until the due date, a part day counting as one (zero or negative when overdue). */
  daysLeft: number;
};

type Row = typeof privacyRequests.$inferSelect;

function summarize(row: Row, clear: boolean, now: Date): PrivacyRequestSummary {
  const { note: _note, ...identities } = row.subject;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    subject: clear ? identities : maskPayload(identities),
    profileId: row.profileId,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    verifiedAt: row.verifiedAt,
    completedAt: row.completedAt,
    deadline: deadlineOf(row, now),
    daysLeft: Math.ceil((row.dueAt.getTime() - now.getTime()) / DAY),
  };
}

export async function listPrivacyRequests(
  db: Database,
  actor: Actor,
  rawInput: ListPrivacyRequestsInput = {},
) {
  const input = parseInput(listPrivacyRequestsInput, rawInput);
  const conditions: SQL[] = [];
  if (input.status === "open") conditions.push(inArray(privacyRequests.status, [...OPEN_STATUSES]));
  else if (input.status !== "all") conditions.push(eq(privacyRequests.status, input.status));
  if (input.kind) conditions.push(eq(privacyRequests.kind, input.kind));
  const order = {
    due_asc: [asc(privacyRequests.dueAt)],
    due_desc: [desc(privacyRequests.dueAt)],
    received_desc: [desc(privacyRequests.receivedAt)],
    received_asc: [asc(privacyRequests.receivedAt)],
  }[input.sort];
  const rows = await db
    .select()
    .from(privacyRequests)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order, asc(privacyRequests.id))
    .limit(input.limit);
  const clear = canSeePii(actor);
  const now = new Date();
  const requests = rows.map((row) => summarize(row, clear, now));
  if (clear && requests.length > 0) {
    await recordAudit(db, actor, {
      action: "privacy.request_list_pii",
      entityType: "privacy_request",
      details: { requestIds: requests.map((r) => r.id) },
    });
  }
  return {
    requests,
    masked: !clear,
    counts: {
      overdue: requests.filter((r) => r.deadline === "overdue").length,
      dueSoon: requests.filter((r) => r.deadline === "due_soon").length,
    },
  };
}

export async function getPrivacyRequest(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof privacyRequestIdInput>,
) {
  const { requestId } = parseInput(privacyRequestIdInput, rawInput);
  const [row] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
  if (!row) throw notFound("Privacy request", requestId);
  const clear = canSeePii(actor);
  const log = await db
    .select()
    .from(privacyRequestLog)
    .where(eq(privacyRequestLog.requestId, requestId))
    .orderBy(asc(privacyRequestLog.at), asc(privacyRequestLog.id));
  const [handler] = row.handledById
    ? await db.select({ email: users.email }).from(users).where(eq(users.id, row.handledById))
    : [];
  const result = row.result ?? null;
  const exportData =
    result && typeof result.export === "object" ? (result.export as Record<string, unknown>) : null;
  // The export itself is downloaded, not shown: here only how much of each kind it holds.
  const exportSummary = exportData
    ? Object.fromEntries(
        Object.entries(exportData)
          .filter(([, v]) => Array.isArray(v) || (v && typeof v === "object"))
          .map(([k, v]) => [
            k,
            Array.isArray(v)
              ? v.length
              : Object.values(v as object).reduce<number>((n, x) => n + (Array.isArray(x) ? x.length : 0), 0),
          ]),
      )
    : null;
  const { export: _export, ...resultWithoutExport } = result ?? {};
  if (clear) {
    await recordAudit(db, actor, {
      action: "privacy.request_view_pii",
      entityType: "privacy_request",
      entityId: requestId,
    });
  }
  const summary = summarize(row, clear, new Date());
  return {
    ...summary,
    note: typeof row.subject.note === "string" ? (clear ? row.subject.note : "•••") : null,
    handledBy: handler?.email ?? null,
    result: result ? resultWithoutExport : null,
    exportSummary,
    canDownloadCsv: row.kind === "portability" && exportData !== null,
    log: log.map((entry) => ({
      id: entry.id,
      step: entry.step,
      status: entry.status,
      detail: entry.detail,
      at: entry.at,
    })),
    masked: !clear,
  };
}

/**
 * The access or portability export as a file, for the handler to send to the subject. Fulfilling the request is
 * the purpose, so privacy:write suffices; every download is audited.
 */
export async function downloadPrivacyExport(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof downloadExportInput>,
) {
  const input = parseInput(downloadExportInput, rawInput);
  const [row] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, input.requestId));
  if (!row) throw notFound("Privacy request", input.requestId);
  const data = row.result?.export;
  if (!data || typeof data !== "object") {
    throw new AppError(
      "PRECONDITION_FAILED",
      row.result?.noDataHeld
        ? "No data is held about this subject, so there is no export."
        : "This request has no export: fulfil an access or portability request first.",
    );
  }
  if (input.format === "csv" && row.kind !== "portability") {
    throw new AppError(
      "BAD_REQUEST",
      "CSV is offered for portability exports; an access export is JSON (it nests versions and provenance).",
    );
  }
  await recordAudit(db, actor, {
    action: "privacy.export_download",
    entityType: "privacy_request",
    entityId: row.id,
    details: { format: input.format, kind: row.kind },
  });
  const base = `c360-${row.kind}-${row.id.slice(0, 8)}`;
  return input.format === "csv"
    ? { fileName: `${base}.csv`, contentType: "text/csv", content: portabilityCsv(data as PortabilityExport) }
    : {
        fileName: `${base}.json`,
        contentType: "application/json",
        content: `${JSON.stringify(data, null, 2)}\n`,
      };
}

/** The new-request form's subject lookup: the profile search, masked as it is for the caller. */
export async function lookupPrivacySubject(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof lookupSubjectInput>,
) {
  const { query } = parseInput(lookupSubjectInput, rawInput);
  const result = await searchProfiles(db, actor, { query, pageSize: 10 });
  return {
    masked: result.masked,
    hits: result.hits.map((hit) => ({
      id: hit.id,
      displayName: hit.displayName,
      email: hit.email,
      phone: hit.phone,
      city: hit.city,
      sources: hit.sources,
      matchedOn: hit.matchedOn,
    })),
  };
}
