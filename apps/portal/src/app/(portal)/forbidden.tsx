// The answer (HTTP 403) to a page the signed-in user's role may not open, inside the portal's frame: a clear refusal
// naming the permission, never the data. checkPageAccess sets what was needed, then calls forbidden().
import { NotAllowed } from "~/components/not-allowed";
import { getCurrentActor, refusedRequirement } from "~/server/session";

export default async function Forbidden() {
  const actor = await getCurrentActor();
  return <NotAllowed role={actor?.role ?? null} requires={refusedRequirement().requires} />;
}
