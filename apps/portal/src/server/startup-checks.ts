// Refuses to serve with broken sign-in settings: one clear line, then exit, instead of failing per request.
import { readAuthEnv } from "@c360/auth/env";

export function runStartupChecks(): void {
  try {
    readAuthEnv();
  } catch (error) {
    console.error(`c360 portal cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
