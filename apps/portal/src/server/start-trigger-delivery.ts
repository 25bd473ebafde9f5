// Starts trigger delivery in the portal process when it starts (decision 2201): the pg-boss workers and the outbox
// relay, on the portal's own database connection. A failure is logged, not fatal: the portal still serves.
import "server-only";
import { describeErrorBriefly } from "@c360/core/system/describe-error-for-log";
import { startTriggerDelivery } from "@c360/core/triggers/trigger-delivery-runner";
import { readDatabaseEnv } from "@c360/db/env";
import { getDatabaseHandle } from "./db";
import { triggerDeliveryEnabled, triggerNatsUrl } from "./triggers-env";

export async function startPortalTriggerDelivery(): Promise<void> {
  if (!triggerDeliveryEnabled()) return;
  try {
    const handle = await getDatabaseHandle();
    const runner = await startTriggerDelivery({
      db: handle.db,
      driver: handle.driver,
      connectionString: readDatabaseEnv().DATABASE_URL ?? null,
      natsUrl: triggerNatsUrl(),
      log: (line) => console.warn(`c360 portal: ${line}`),
    });
    console.log("c360 portal: trigger delivery started");
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => {
        void runner.stop();
      });
  } catch (error) {
    console.warn(`c360 portal: trigger delivery not started: ${describeErrorBriefly(error)}`);
  }
}
