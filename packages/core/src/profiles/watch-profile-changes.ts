// Tells in-process subscribers when a profile changes, from PostgreSQL's LISTEN on channel c360_profiles (the
// resolver NOTIFYs it with the profile id). One LISTEN per process, fanned out to every open profile page.
import type { DatabaseHandle } from "@c360/db/client";

export const PROFILE_CHANNEL = "c360_profiles";

type Listener = (profileId: string) => void;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  ready: Promise<void> | null;
}

const hubs = new WeakMap<object, Hub>();

interface PostgresClient {
  listen: (channel: string, onNotify: (payload: string) => void) => Promise<unknown>;
}
interface PgliteClient {
  listen: (channel: string, callback: (payload: string) => void) => Promise<unknown>;
}

function dispatch(hub: Hub, payload: string) {
  const profileId = payload.trim();
  for (const listener of hub.listeners.get(profileId) ?? []) listener(profileId);
}

/** Starts the process's one LISTEN (both drivers: postgres.js keeps a dedicated connection, PGlite is in-process). */
async function startListening(handle: DatabaseHandle, hub: Hub): Promise<void> {
  const client = (handle.db as unknown as { $client: PostgresClient | PgliteClient }).$client;
  await client.listen(PROFILE_CHANNEL, (payload: string) => dispatch(hub, payload));
}

/**
 * Calls onChange whenever the profile is changed by the resolver or a steward. Returns the function that stops
 * it. The first subscriber of a process opens the LISTEN; it stays open for the next ones.
 */
export async function watchProfileChanges(
  handle: DatabaseHandle,
  profileId: string,
  onChange: Listener,
): Promise<() => void> {
  let hub = hubs.get(handle.db);
  if (!hub) {
    hub = { listeners: new Map(), ready: null };
    hubs.set(handle.db, hub);
  }
  const current = hub;
  current.ready ??= startListening(handle, current).catch((error: unknown) => {
    current.ready = null;
    throw error;
  });
  await current.ready;
  let set = current.listeners.get(profileId);
  if (!set) {
    set = new Set();
    current.listeners.set(profileId, set);
  }
  set.add(onChange);
  return () => {
    const listeners = current.listeners.get(profileId);
    listeners?.delete(onChange);
    if (listeners && listeners.size === 0) current.listeners.delete(profileId);
  };
}
