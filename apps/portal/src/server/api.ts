// Server components call the API in-process with the caller's identity, never over HTTP.
import "server-only";
import { createCaller } from "@c360/api";
import { getCurrentActor } from "./session";
import { getDb } from "./db";

export async function getServerApi() {
  return createCaller({ db: await getDb(), actor: await getCurrentActor() });
}
