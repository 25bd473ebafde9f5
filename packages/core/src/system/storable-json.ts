// Whether a JSON value can be stored as it is: PostgreSQL keeps no U+0000 in text or jsonb, and a value nested
// thousands deep overflows whatever reads it recursively next. Checked before a write, so the caller gets a 400
// naming the place instead of a failed transaction.
import { AppError } from "../errors";

export const MAX_STORED_JSON_DEPTH = 64;

/** The first place (`$.run.facets.x[2]`) where `value` cannot be stored, and why; null when it can. Walks without recursion. */
export function findUnstorableJson(
  value: unknown,
  maxDepth = MAX_STORED_JSON_DEPTH,
): { path: string; reason: string } | null {
  const pending: Array<[unknown, string, number]> = [[value, "$", 0]];
  while (pending.length) {
    const [item, path, depth] = pending.pop()!;
    if (typeof item === "string") {
      if (item.includes("\u0000"))
        return { path, reason: "holds a NUL character (\\u0000), which cannot be stored" };
      continue;
    }
    if (!item || typeof item !== "object") continue;
    if (depth >= maxDepth) return { path, reason: `is nested more than ${maxDepth} levels deep` };
    if (Array.isArray(item)) {
      for (let k = item.length - 1; k >= 0; k--) pending.push([item[k], `${path}[${k}]`, depth + 1]);
      continue;
    }
    const entries = Object.entries(item);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k]!;
      if (key.includes("\u0000"))
        return { path, reason: "has a member name with a NUL character (\\u0000), which cannot be stored" };
      pending.push([
        child,
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
        depth + 1,
      ]);
    }
  }
  return null;
}

/** Throws a BAD_REQUEST naming the place when `value` cannot be stored. */
export function assertStorableJson(value: unknown, what: string): void {
  const problem = findUnstorableJson(value);
  if (problem)
    throw new AppError(
      "BAD_REQUEST",
      `The ${what} at ${problem.path} ${problem.reason}; nothing was stored.`,
      { path: problem.path },
    );
}
