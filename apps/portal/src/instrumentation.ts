// Runs once when the portal server starts: refuse to run with broken sign-in settings (one clear line).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { readAuthEnv } = await import("@c360/auth/env");
  try {
    readAuthEnv();
  } catch (error) {
    console.error(`c360 portal cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
