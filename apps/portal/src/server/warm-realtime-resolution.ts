// Loads the resident index of real-time resolution when the portal starts (decision 0004), so the first record
// posted to the REST endpoint does not wait for it (about 30 s at a million stored records). Failure is not fatal:
// the first post loads it instead.
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import "server-only";
import { prepareRealtimeResolution } from "@c360/core/resolution/resolve-on-arrival";
import { getDb } from "./db";

export async function warmRealtimeResolution(): Promise<void> {
  const started = performance.now();
  try {
    const loaded = await prepareRealtimeResolution(await getDb());
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      loaded
        ? `c360 portal: real-time index holds ${loaded.records} records (loaded in ${seconds} s)`
        : "c360 portal: no match model yet; real-time resolution starts after the first full run",
    );
  } catch (error) {
    console.warn(`c360 portal: real-time index not loaded at start: ${describeErrorBriefly(error)}`);
  }
}
