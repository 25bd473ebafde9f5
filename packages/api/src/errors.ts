// Maps c360's domain error (and validation errors) to tRPC errors. The codes and their HTTP statuses are one table,
// `httpStatusOf` in @c360/core/errors; AppError codes are tRPC codes of the same name.
import { AppError, describeValidationIssues, fieldErrorsOf } from "@c360/core/errors";
import { logUnexpectedError } from "@c360/core/system/describe-error-for-log";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

/** Names the field and the problem, e.g. `email: Enter a valid email address`. */
export function describeZodError(error: ZodError): string {
  return describeValidationIssues(error.issues);
}

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.cause instanceof ZodError) {
      return new TRPCError({
        code: "BAD_REQUEST",
        message: describeZodError(error.cause),
        cause: zodCause(error.cause),
      });
    }
    return error;
  }
  if (error instanceof AppError)
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: describeZodError(error), cause: zodCause(error) });
  }
  logUnexpectedError("c360 api", error);
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: "Something went wrong on the server; it has been logged.",
  });
}

function zodCause(error: ZodError): Error & { fieldErrors: Record<string, string[]> } {
  return Object.assign(new Error(describeZodError(error)), { fieldErrors: fieldErrorsOf(error.issues) });
}
