// Reads one privacy request inside a transaction, locked, so two handlers (or a handler and the worker) take turns.
import type { Database } from "@c360/db/client";
import { privacyRequests } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { AppError, notFound } from "../errors";
import { OPEN_STATUSES } from "./privacy-schemas";

export type PrivacyRequestRow = typeof privacyRequests.$inferSelect;

export async function lockPrivacyRequest(tx: Database, requestId: string): Promise<PrivacyRequestRow> {
  const [row] = await tx
    .select()
    .from(privacyRequests)
    .where(eq(privacyRequests.id, requestId))
    .for("update");
  if (!row) throw notFound("Privacy request", requestId);
  return row;
}

export function assertOpen(request: PrivacyRequestRow): void {
  if (!(OPEN_STATUSES as readonly string[]).includes(request.status)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `This request is already ${request.status}; a closed request cannot change.`,
      {
        status: request.status,
      },
    );
  }
}
