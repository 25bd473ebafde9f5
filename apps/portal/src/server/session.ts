// Server-side access checks for pages: who is signed in, and may they open this route?
import "server-only";
import { portalSections, roleMeets, type Requirement } from "@c360/auth/permissions";
import type { Actor } from "@c360/core/actor";
import { getActiveUserActor } from "@c360/core/users/get-active-user";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
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

export type PageAccess =
  { allowed: true; actor: Actor } | { allowed: false; actor: Actor; requires: Requirement };

/**
 * Guards a page: anonymous visitors go to the sign-in page (told when their session expired);
 * a signed-in user without the permission gets a "not allowed" answer instead of the data.
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
  if (!actor.role || !roleMeets(actor.role, requires)) return { allowed: false, actor, requires };
  return { allowed: true, actor };
}
