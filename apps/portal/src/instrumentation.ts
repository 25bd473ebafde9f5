// Runs once when the portal server starts (Node.js runtime only): see startup-checks.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { runStartupChecks } = await import("./server/startup-checks");
    runStartupChecks();
  }
}
