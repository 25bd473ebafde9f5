// A governance lead records what a person said (on the phone, by letter, in store): giving and withdrawing are the
// same single action, so withdrawing is exactly as easy as giving (GDPR Art. 7(3)).
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../parse-input";
import { stewardConsentInput, type StewardConsentInput } from "./consent-schemas";
import { activeProfileOf } from "./attribute-subject";
import { AppError } from "../errors";
import { recordConsentEvent, type RecordedConsentEvent } from "./record-consent-event";

export async function recordStewardConsent(
  db: Database,
  actor: Actor,
  input: StewardConsentInput,
): Promise<RecordedConsentEvent> {
  const data = parseInput(stewardConsentInput, input);
  const active = await activeProfileOf(db, data.profileId);
  if (!active) throw new AppError("NOT_FOUND", `Profile ${data.profileId} does not exist or was erased.`);
  const recorded = await recordConsentEvent(db, actor, {
    subject: { profileId: active },
    purpose: data.purposeKey,
    channel: data.channel,
    status: data.status,
    notice: data.notice,
    method: "steward",
    origin: data.note ? `portal: ${data.note}` : "portal",
  });
  await recordAudit(db, actor, {
    action: "consent.record",
    entityType: "profile",
    entityId: active,
    details: {
      purpose: data.purposeKey,
      channel: recorded.channel,
      status: data.status,
      eventId: recorded.eventId,
      ...(recorded.duplicate ? { duplicate: true } : {}),
    },
  });
  return recorded;
}
