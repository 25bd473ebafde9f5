// Where the suppression hash key comes from: C360_SUPPRESSION_KEY, else one key generated on first use and kept in
// the database, so a fresh clone works without configuration and the key survives restarts.
import { randomBytes } from "node:crypto";
import type { Database } from "@c360/db/client";
import { instanceKeys } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import type { SuppressionKey } from "../ingest/identity-hash";
import { readPrivacyEnv } from "./privacy-env";

const KEY_NAME = "suppression";
const loaded = new WeakMap<Database, Promise<SuppressionKey>>();

async function loadStoredKey(db: Database): Promise<SuppressionKey> {
  // Two processes starting at once both try to insert; the first wins and both read its key.
  await db
    .insert(instanceKeys)
    .values({ name: KEY_NAME, secret: randomBytes(32).toString("base64") })
    .onConflictDoNothing();
  const [row] = await db
    .select({ secret: instanceKeys.secret })
    .from(instanceKeys)
    .where(eq(instanceKeys.name, KEY_NAME));
  if (!row) throw new Error("The suppression key could not be stored.");
  return { secret: Buffer.from(row.secret, "base64") };
}

/** The key of this deployment (cached per database handle). */
export function loadSuppressionKey(db: Database): Promise<SuppressionKey> {
  const configured = readPrivacyEnv().C360_SUPPRESSION_KEY;
  if (configured) return Promise.resolve({ secret: Buffer.from(configured, "utf8") });
  let key = loaded.get(db);
  if (!key) {
    key = loadStoredKey(db);
    loaded.set(db, key);
    key.catch(() => loaded.delete(db));
  }
  return key;
}
