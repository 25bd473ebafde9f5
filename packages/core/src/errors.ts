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

export const notFound = (what: string, id: string) => new AppError("NOT_FOUND", `${what} ${id} does not exist.`, { id });
