// The fulfilment log of a privacy request: every step, who took it and how it ended. Details never hold personal data.
import type { Database } from "@c360/db/client";
import { privacyRequestLog } from "@c360/db/schema";

export type PrivacyStepStatus = "started" | "completed" | "failed" | "skipped";

export async function logPrivacyStep(
  db: Database,
  requestId: string,
  step: string,
  status: PrivacyStepStatus,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(privacyRequestLog).values({ requestId, step, status, detail });
}

/** True when PostgreSQL refused a row for a unique index (a duplicate), whichever driver wrapped the error. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && (current as { code?: unknown }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
