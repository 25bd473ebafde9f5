// Checks every input gets before validation, for tRPC procedures and MCP tools alike.

/** Whether any text in a value holds a NUL character, which PostgreSQL text cannot store or compare. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.values(value).some(containsNul);
  return false;
}
