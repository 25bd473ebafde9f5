// Maps c360's domain error (and validation errors) to tRPC error codes: the only place that does it.
import { AppError, type AppErrorCode } from "@c360/core/errors";
import { logUnexpectedError } from "@c360/core/system/describe-error-for-log";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

const codeMap: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

/** Names the field and the problem, e.g. `email: Enter a valid email address`. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.cause instanceof ZodError) {
      return new TRPCError({ code: "BAD_REQUEST", message: describeZodError(error.cause), cause: zodCause(error.cause) });
    }
    return error;
  }
  if (error instanceof AppError) return new TRPCError({ code: codeMap[error.code], message: error.message, cause: error });
  if (error instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: describeZodError(error), cause: zodCause(error) });
  }
  logUnexpectedError("c360 api", error);
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on the server; it has been logged." });
}

function zodCause(error: ZodError): Error & { fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return Object.assign(new Error(describeZodError(error)), { fieldErrors });
}
