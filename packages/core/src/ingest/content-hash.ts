// The content hash of a raw payload: equal payloads hash equal whatever their key order, so re-import is idempotent.
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth: one spelling per value. */
export function canonicalJson(value: unknown): string {
  // Fast path for flat rows (every CSV row): the native stringify with a sorted key list gives the same text.
  if (isFlatObject(value)) return JSON.stringify(value, Object.keys(value).sort());
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function contentHashOf(raw: unknown): string {
  return createHash("sha256").update(canonicalJson(raw), "utf8").digest("hex");
}

function isFlatObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === "object") return false;
    if (v === undefined || typeof v === "function" || typeof v === "symbol" || typeof v === "bigint")
      return false;
  }
  return true;
}
