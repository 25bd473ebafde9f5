// Fulfils a verified request: the access or portability export, the rectification, or the erasure; a subject of
// whom nothing is held gets a completed request that says so.
import type { Database } from "@c360/db/client";
import { privacyRequests } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { buildSubjectExport, portabilityExportOf } from "./build-subject-export";
import { runErasure, type ErasureOutcome } from "./erase-subject";
import { lockPrivacyRequest, type PrivacyRequestRow } from "./load-privacy-request";
import { logPrivacyStep } from "./privacy-log";
import { fulfilPrivacyRequestInput, type FulfilPrivacyRequestInput } from "./privacy-schemas";
import { profileFamily, standardizeSubject, subjectRecordIds, survivingProfileId } from "./privacy-subject";
import { rectifySubject } from "./rectify-subject";
import { parseInput } from "../parse-input";

export interface FulfilmentOutcome {
  requestId: string;
  kind: PrivacyRequestRow["kind"];
  status: "completed";
  noDataHeld: boolean;
}

function assertReady(request: PrivacyRequestRow): void {
  if (request.status === "completed" || request.status === "rejected") {
    throw new AppError("PRECONDITION_FAILED", `This request is already ${request.status}.`);
  }
  if (request.status !== "in_progress" || !request.verifiedAt) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Verify the requester's identity first: nothing is fulfilled before verification.",
    );
  }
}

export async function fulfilPrivacyRequest(
  db: Database,
  actor: Actor,
  rawInput: FulfilPrivacyRequestInput,
): Promise<FulfilmentOutcome> {
  const input = parseInput(fulfilPrivacyRequestInput, rawInput);
  const [peek] = await db
    .select({ kind: privacyRequests.kind })
    .from(privacyRequests)
    .where(eq(privacyRequests.id, input.requestId));
  if (peek?.kind === "erasure") {
    const outcome: ErasureOutcome = await runErasure(db, actor, input.requestId);
    return {
      requestId: outcome.requestId,
      kind: "erasure",
      status: "completed",
      noDataHeld: outcome.noDataHeld,
    };
  }
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.requestId);
    assertReady(request);
    const current = request.profileId ? await survivingProfileId(tx, request.profileId) : null;
    const profileIds = current ? await profileFamily(tx, current) : [];
    const recordIds = await subjectRecordIds(tx, profileIds, request.subject);
    const noDataHeld = profileIds.length === 0 && recordIds.length === 0;
    let result: Record<string, unknown>;
    if (noDataHeld) {
      if (input.changes?.length && request.kind === "rectification") {
        // Nothing to correct: said plainly rather than pretending a change was made.
        result = {
          noDataHeld: true,
          message: "No personal data about this subject is held, so nothing was rectified.",
        };
      } else result = { noDataHeld: true, message: "No personal data about this subject is held." };
    } else if (request.kind === "access") {
      result = {
        noDataHeld: false,
        export: await buildSubjectExport(tx, profileIds, recordIds, standardizeSubject(request.subject)),
      };
    } else if (request.kind === "portability") {
      const full = await buildSubjectExport(tx, profileIds, recordIds, standardizeSubject(request.subject));
      result = { noDataHeld: false, export: portabilityExportOf(full) };
    } else {
      if (!input.changes?.length) {
        throw new AppError("BAD_REQUEST", "Say what to correct: at least one field and its corrected value.");
      }
      result = {
        noDataHeld: false,
        ...(await rectifySubject(tx, profileIds, input.changes, { actor, requestId: request.id })),
      };
    }
    await tx
      .update(privacyRequests)
      .set({ status: "completed", completedAt: new Date(), handledById: actor.userId, result })
      .where(eq(privacyRequests.id, request.id));
    await logPrivacyStep(
      tx,
      request.id,
      request.kind === "rectification" ? "rectify" : "export",
      "completed",
      {
        by: actor.label,
        noDataHeld,
        ...(request.kind === "rectification" && !noDataHeld ? { changes: result.changes } : {}),
      },
    );
    await recordAudit(tx, actor, {
      action: `privacy.${request.kind}`,
      entityType: "privacy_request",
      entityId: request.id,
      details: {
        noDataHeld,
        profileIds,
        records: recordIds.length,
        ...(request.kind === "rectification" ? { changes: result.changes } : {}),
      },
    });
    return { requestId: request.id, kind: request.kind, status: "completed" as const, noDataHeld };
  });
}

/** Explicit retry of an erasure that stopped half-way (the worker does the same on its schedule). */
export async function retryErasure(db: Database, actor: Actor, rawInput: { requestId: string }) {
  const { requestId } = parseInput(fulfilPrivacyRequestInput.pick({ requestId: true }), rawInput);
  const [request] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
  if (!request)
    throw new AppError("NOT_FOUND", `Privacy request ${requestId} does not exist.`, { id: requestId });
  if (request.kind !== "erasure")
    throw new AppError(
      "BAD_REQUEST",
      "Only an erasure can be retried; other requests are fulfilled again instead.",
    );
  await recordAudit(db, actor, {
    action: "privacy.erasure_retry",
    entityType: "privacy_request",
    entityId: requestId,
  });
  return runErasure(db, actor, requestId);
}
