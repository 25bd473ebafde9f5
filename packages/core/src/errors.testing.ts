// Test helper: what a refused call said, for assertions on the code and the message a caller sees.
import { AppError } from "./errors";

/** Awaits a call that must be refused and returns its error code and message; throws if it succeeded. */
export async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return {
      code: error instanceof AppError ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  throw new Error("expected a refusal");
}
