// The handler's steps before fulfilment: ask for proof of identity, record how it was verified, link the right
// profile, or reject the request with a reason.
import type { Database } from "@c360/db/client";
import { privacyRequestLog, privacyRequests } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import { type z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { assertOpen, lockPrivacyRequest } from "./load-privacy-request";
import { logPrivacyStep } from "./privacy-log";
import {
  linkPrivacyRequestProfileInput,
  privacyRequestIdInput,
  rejectPrivacyRequestInput,
  verifyPrivacyRequestInput,
  type VerifyPrivacyRequestInput,
} from "./privacy-schemas";
import { survivingProfileId } from "./privacy-subject";
import { parseInput } from "../parse-input";

/** received -> verifying: the handler has asked the requester to prove who they are. */
export async function startPrivacyVerification(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof privacyRequestIdInput>,
) {
  const { requestId } = parseInput(privacyRequestIdInput, rawInput);
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, requestId);
    if (request.status !== "received") {
      throw new AppError(
        "PRECONDITION_FAILED",
        `Verification can start only on a received request; this one is ${request.status}.`,
      );
    }
    await tx
      .update(privacyRequests)
      .set({ status: "verifying", handledById: actor.userId })
      .where(eq(privacyRequests.id, requestId));
    await logPrivacyStep(tx, requestId, "verify_identity", "started", { by: actor.label });
    await recordAudit(tx, actor, {
      action: "privacy.request_verifying",
      entityType: "privacy_request",
      entityId: requestId,
    });
    return { requestId, status: "verifying" as const };
  });
}

/** received|verifying -> in_progress: identity verified, how it was, by whom. Nothing is fulfilled before this. */
export async function verifyPrivacyRequest(db: Database, actor: Actor, rawInput: VerifyPrivacyRequestInput) {
  const input = parseInput(verifyPrivacyRequestInput, rawInput);
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.requestId);
    if (request.status !== "received" && request.status !== "verifying") {
      throw new AppError(
        "PRECONDITION_FAILED",
        `Identity can be verified only before fulfilment; this request is ${request.status}.`,
      );
    }
    const verifiedAt = new Date();
    await tx
      .update(privacyRequests)
      .set({ status: "in_progress", verifiedAt, handledById: actor.userId })
      .where(eq(privacyRequests.id, input.requestId));
    await logPrivacyStep(tx, input.requestId, "verify_identity", "completed", {
      by: actor.label,
      method: input.method,
      ...(input.note ? { note: input.note } : {}),
    });
    await recordAudit(tx, actor, {
      action: "privacy.request_verify",
      entityType: "privacy_request",
      entityId: input.requestId,
      details: { method: input.method },
    });
    return { requestId: input.requestId, status: "in_progress" as const, verifiedAt };
  });
}

export async function rejectPrivacyRequest(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof rejectPrivacyRequestInput>,
) {
  const input = parseInput(rejectPrivacyRequestInput, rawInput);
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.requestId);
    assertOpen(request);
    if (
      request.kind === "erasure" &&
      request.status === "in_progress" &&
      (await erasureHasStarted(tx, input.requestId))
    ) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This erasure has started; it must be completed (retry it), not rejected.",
      );
    }
    await tx
      .update(privacyRequests)
      .set({
        status: "rejected",
        completedAt: new Date(),
        handledById: actor.userId,
        result: { rejectedReason: input.reason },
      })
      .where(eq(privacyRequests.id, input.requestId));
    await logPrivacyStep(tx, input.requestId, "reject", "completed", {
      by: actor.label,
      reason: input.reason,
    });
    await recordAudit(tx, actor, {
      action: "privacy.request_reject",
      entityType: "privacy_request",
      entityId: input.requestId,
    });
    return { requestId: input.requestId, status: "rejected" as const };
  });
}

/** Points the request at the profile the handler chose (when the lookup found none or several). */
export async function linkPrivacyRequestProfile(
  db: Database,
  actor: Actor,
  rawInput: z.input<typeof linkPrivacyRequestProfileInput>,
) {
  const input = parseInput(linkPrivacyRequestProfileInput, rawInput);
  return db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.requestId);
    assertOpen(request);
    if (request.kind === "erasure" && (await erasureHasStarted(tx, input.requestId))) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This erasure has started on its profile; the profile cannot change now.",
      );
    }
    const profileId = await survivingProfileId(tx, input.profileId);
    if (!profileId) throw notFound("Profile", input.profileId);
    await tx.update(privacyRequests).set({ profileId }).where(eq(privacyRequests.id, input.requestId));
    await logPrivacyStep(tx, input.requestId, "link_profile", "completed", { by: actor.label, profileId });
    await recordAudit(tx, actor, {
      action: "privacy.request_link_profile",
      entityType: "privacy_request",
      entityId: input.requestId,
      details: { profileId },
    });
    return { requestId: input.requestId, profileId };
  });
}

async function erasureHasStarted(tx: Database, requestId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: privacyRequestLog.id })
    .from(privacyRequestLog)
    .where(and(eq(privacyRequestLog.requestId, requestId), eq(privacyRequestLog.step, "erase_plan")))
    .limit(1);
  return rows.length > 0;
}
