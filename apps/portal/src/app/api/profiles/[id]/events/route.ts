// Server-sent events for one open profile page: "changed" whenever the profile changes (LISTEN c360_profiles).
// The event carries no data: the page re-renders on the server, where masking and audit apply as usual.
import { actorCan } from "@c360/core/actor";
import { watchProfileChanges } from "@c360/core/profiles/watch-profile-changes";
import { getDatabaseHandle } from "~/server/db";
import { getCurrentActor } from "~/server/session";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A comment line now and then keeps proxies from closing an idle stream.
const HEARTBEAT_MS = 25_000;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getCurrentActor();
  if (!actor) return new Response("Sign in to continue.", { status: 401 });
  if (!actorCan(actor, "profile:read"))
    return new Response("This needs the profile:read permission.", { status: 403 });
  const { id } = await params;
  if (!UUID.test(id)) return new Response("A profile id is a UUID.", { status: 400 });
  const profileId = id.toLowerCase();
  const handle = await getDatabaseHandle();
  const encoder = new TextEncoder();
  let stop: (() => void) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  const close = () => {
    stop?.();
    stop = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      stop = await watchProfileChanges(handle, profileId, () => send(`event: changed\ndata: {}\n\n`));
      heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      send(`retry: 5000\nevent: ready\ndata: {}\n\n`);
      request.signal.addEventListener("abort", () => {
        close();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
