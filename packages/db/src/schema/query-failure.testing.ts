// Test helper for the schema's integration tests: the database's own reason a statement was refused.

/**
 * Awaits a query that must fail and returns every message in its cause chain plus the SQLSTATE, so a test can
 * assert on PostgreSQL's wording (drizzle wraps it in "Failed query: ...", differently per driver).
 */
export async function queryFailure(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const parts: string[] = [];
    let current: unknown = error;
    while (
      current instanceof Error ||
      (typeof current === "object" && current !== null && "message" in current)
    ) {
      const { message, code, cause } = current as { message?: string; code?: string; cause?: unknown };
      if (message) parts.push(message);
      if (code) parts.push(`sqlstate ${code}`);
      current = cause;
    }
    return parts.join(" | ");
  }
  throw new Error("Expected the query to be refused, but it succeeded.");
}
