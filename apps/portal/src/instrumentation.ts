// Runs once when the portal server starts (Node.js runtime only): see startup-checks.ts, and the real-time
// resolution index loaded in the background (warm-realtime-resolution.ts), and trigger delivery
// (start-trigger-delivery.ts, decision 2201).
export async function register() {
  // eslint-disable-next-line no-restricted-properties -- a build-time constant Next.js inlines, not a setting
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { runStartupChecks } = await import("./server/startup-checks");
    runStartupChecks();
    const { warmRealtimeResolution } = await import("./server/warm-realtime-resolution");
    void warmRealtimeResolution();
    const { startPortalTriggerDelivery } = await import("./server/start-trigger-delivery");
    void startPortalTriggerDelivery();
  }
}
