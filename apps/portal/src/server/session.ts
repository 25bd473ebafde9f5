// Server-side access checks for pages: who is signed in, and may they open this route?
import "server-only";
import { portalSections, roleMeets, type Requirement } from "@c360/auth/permissions";
import type { Actor } from "@c360/core/actor";
import { getActiveUserActor } from "@c360/core/users/get-active-user";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getAuthOptions } from "./auth";
import { getDb } from "./db";

const sessionCookies = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * The signed-in user for this request, reloaded from the database (once per request). next-auth's jwt callback has
 * already refused a session past its absolute lifetime or ended on the server; the actor's own read checks the
 * session version again, so a revocation between the two still holds.
 */
export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.id) return null;
  return getActiveUserActor(await getDb(), session.user.id, session.user.sessionVersion);
});

export interface PageAccess {
  actor: Actor;
}

/** What the page refused in this request needed: the forbidden page names it (set before forbidden()). */
export const refusedRequirement = cache((): { requires: Requirement | null } => ({ requires: null }));

/**
 * Guards a page: anonymous visitors go to the sign-in page (told when their session expired); a signed-in user
 * without the permission gets HTTP 403 and the "not allowed" page (forbidden.tsx) instead of the data, so this
 * returns only for a user who may open the page.
 */
export async function checkPageAccess(path: string): Promise<PageAccess> {
  const actor = await getCurrentActor();
  if (!actor) {
    const jar = await cookies();
    const hadSession = sessionCookies.some((name) => jar.has(name));
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}${hadSession ? "&reason=expired" : ""}`);
  }
  const section = portalSections.find((s) => path === s.href || path.startsWith(`${s.href}/`));
  const requires: Requirement = section?.requires ?? "authenticated";
  if (!actor.role || !roleMeets(actor.role, requires)) refusePage(requires);
  return { actor };
}

/** Ends the request with HTTP 403 and the "not allowed" page naming what was needed. */
export function refusePage(requires: Requirement): never {
  refusedRequirement().requires = requires;
  forbidden();
}
