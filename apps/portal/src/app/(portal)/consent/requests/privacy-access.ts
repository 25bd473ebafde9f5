// The guard of the privacy pages: the /consent section's check, then privacy:write on top (consent stewards who
// do not handle data-subject requests are told so rather than shown them).
import "server-only";
import { actorCan } from "@c360/core/actor";
import { checkPageAccess, refusePage, type PageAccess } from "~/server/session";

export async function checkPrivacyAccess(path: string): Promise<PageAccess> {
  const access = await checkPageAccess(path);
  if (!actorCan(access.actor, "privacy:write")) refusePage("privacy:write");
  return access;
}
