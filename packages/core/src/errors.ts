// The one domain error of c360. The API maps its code to an HTTP/tRPC status in one place (the error formatter).

export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  override name = "AppError";
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    /** Machine-readable context for the client (field names, ids); never personal data. */
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) =>
  new AppError("NOT_FOUND", `${what} ${id} does not exist.`, { id });

/**
 * The one error table: each domain error code and the HTTP status it is answered with. The tRPC codes carry the
 * same names (the API passes the code through), and REST routes answer with this status.
 */
export const httpStatusOf: Readonly<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};

/** A validation failure in words that name each field: `email: Enter a valid email address; age: Too small`. */
export function describeValidationIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  return issues
    .map((issue) =>
      issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}

/** The same failure by field, for forms: `{ email: ["Enter a valid email address"] }` (`_` for the whole input). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues)
    (fieldErrors[issue.path.map(String).join(".") || "_"] ??= []).push(issue.message);
  return fieldErrors;
}
