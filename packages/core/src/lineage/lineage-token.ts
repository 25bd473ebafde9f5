// Checks a pipeline's bearer token against the deployment's lineage token. Digests of equal length are compared
// in constant time, so timing tells nothing about how much of a guess was right.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function isLineageTokenValid(given: string, configured: string | undefined): boolean {
  if (!configured) return false;
  return timingSafeEqual(digest(given), digest(configured));
}
