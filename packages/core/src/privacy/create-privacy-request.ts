// Records a data-subject request: who it is about, the profile it matches exactly, and its one-month deadline.
import type { Database } from "@c360/db/client";
import { privacyRequests } from "@c360/db/schema";
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { consumeIdentifierLookup } from "../profiles/limit-identifier-lookups";
import { canSeePii } from "../profiles/mask-pii";
import { addCalendarMonth } from "./due-date";
import { isUniqueViolation, logPrivacyStep } from "./privacy-log";
import { createPrivacyRequestInput, OPEN_STATUSES, type CreatePrivacyRequestInput } from "./privacy-schemas";
import { findSubjectProfiles, subjectKeyOf, subjectOf, survivingProfileId } from "./privacy-subject";
import { loadSuppressionKey } from "./suppression-key";
import { parseInput } from "../parse-input";

export interface CreatedPrivacyRequest {
  id: string;
  kind: string;
  status: "received";
  dueAt: Date;
  profileId: string | null;
  /** How the profile was found: given by the handler, one exact match, none (no data held), or several to choose from. */
  profileMatch: "given" | "exact" | "none" | "several";
  candidateProfileIds: string[];
}

const kindLabel = (kind: string) =>
  kind === "access" ? "an access" : kind === "erasure" ? "an erasure" : `a ${kind}`;

function duplicateError(kind: string, existing: { id: string; receivedAt: Date }): AppError {
  return new AppError(
    "CONFLICT",
    `This subject already has ${kindLabel(kind)} request open (received ${existing.receivedAt.toISOString().slice(0, 10)}); it was not recorded twice. Continue with request ${existing.id}.`,
    { existingRequestId: existing.id },
  );
}

export async function createPrivacyRequest(
  db: Database,
  actor: Actor,
  rawInput: CreatePrivacyRequestInput,
): Promise<CreatedPrivacyRequest> {
  const input = parseInput(createPrivacyRequestInput, rawInput);
  const subject = subjectOf(input.subject);
  if (input.note) subject.note = input.note;
  const subjectKey = subjectKeyOf(subject, await loadSuppressionKey(db));
  // Without a chosen profile the subject is looked up exactly, and the answer (one profile, several, none) tells a
  // caller who sees personal data masked whether that email, phone or name with birth date is a customer's: the
  // same exact lookup as the search box, so it spends from the same hourly limit (a birth date guessed one day at
  // a time would take tens of thousands). The refusal is audited with the subject key, never the identities.
  if (!input.profileId && !canSeePii(actor)) await consumeIdentifierLookup(db, actor, "subject", subjectKey);
  const findOpen = (tx: Database) =>
    tx
      .select({ id: privacyRequests.id, receivedAt: privacyRequests.receivedAt })
      .from(privacyRequests)
      .where(
        and(
          eq(privacyRequests.kind, input.kind),
          eq(privacyRequests.subjectKey, subjectKey),
          inArray(privacyRequests.status, [...OPEN_STATUSES]),
        ),
      )
      .limit(1);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await findOpen(tx);
      if (existing) throw duplicateError(input.kind, existing);
      let profileId: string | null = null;
      let profileMatch: CreatedPrivacyRequest["profileMatch"];
      let candidateProfileIds: string[] = [];
      if (input.profileId) {
        profileId = await survivingProfileId(tx, input.profileId);
        if (!profileId) throw notFound("Profile", input.profileId);
        profileMatch = "given";
      } else {
        candidateProfileIds = await findSubjectProfiles(tx, subject);
        profileMatch =
          candidateProfileIds.length === 0 ? "none" : candidateProfileIds.length === 1 ? "exact" : "several";
        if (candidateProfileIds.length === 1) profileId = candidateProfileIds[0]!;
      }
      const receivedAt = input.receivedAt ?? new Date();
      const [created] = await tx
        .insert(privacyRequests)
        .values({
          kind: input.kind,
          subject,
          subjectKey,
          profileId,
          receivedAt,
          dueAt: addCalendarMonth(receivedAt),
          handledById: actor.userId,
        })
        .returning({ id: privacyRequests.id, dueAt: privacyRequests.dueAt });
      await logPrivacyStep(tx, created!.id, "receive", "completed", {
        by: actor.label,
        profileMatch,
        profileId,
        candidateProfileIds,
      });
      await recordAudit(tx, actor, {
        action: "privacy.request_create",
        entityType: "privacy_request",
        entityId: created!.id,
        details: { kind: input.kind, profileMatch, profileId },
      });
      return {
        id: created!.id,
        kind: input.kind,
        status: "received" as const,
        dueAt: created!.dueAt,
        profileId,
        profileMatch,
        candidateProfileIds,
      };
    });
  } catch (error) {
    // Two submissions at the same moment: the unique index lets one in; the other gets the same answer as above.
    if (isUniqueViolation(error)) {
      const [existing] = await findOpen(db);
      if (existing) throw duplicateError(input.kind, existing);
    }
    throw error;
  }
}
