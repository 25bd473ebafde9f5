// Global Privacy Control: a request sent with `Sec-GPC: 1` is the person's opt-out of the sale and sharing of their
// data, so it is recorded as a refusal of every sale.* and sharing.* purpose for the identified subject (the standard
// two are created first if the deployment has none, rather than drop the signal).
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import type { ConsentSubjectInput } from "./consent-schemas";
import { ensureGpcPurposes } from "./manage-purposes";
import { recordConsentEvent, type RecordedConsentEvent } from "./record-consent-event";

export interface GpcContext {
  origin?: string;
  userAgent?: string;
  capturedAt?: Date;
  /** Makes a retried request record its refusals once: the key is suffixed per purpose. */
  idempotencyKey?: string;
}

export async function recordGpcOptOut(
  db: Database,
  actor: Actor,
  subject: ConsentSubjectInput,
  context: GpcContext = {},
): Promise<RecordedConsentEvent[]> {
  const purposes = await ensureGpcPurposes(db, actor);
  const recorded: RecordedConsentEvent[] = [];
  for (const purpose of purposes) {
    recorded.push(
      await recordConsentEvent(db, actor, {
        subject,
        purpose,
        status: "refused",
        method: "gpc",
        origin: context.origin,
        userAgent: context.userAgent,
        capturedAt: context.capturedAt,
        idempotencyKey: context.idempotencyKey ? `${context.idempotencyKey}:gpc:${purpose}` : undefined,
      }),
    );
  }
  return recorded;
}
