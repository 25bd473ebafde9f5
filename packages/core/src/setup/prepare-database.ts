// Brings a database to the current schema and, for the quick start, creates the demo accounts.
import type { DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { sourceRecords } from "@c360/db/schema";
import { systemActor } from "../actor";
import { syncCatalogFromPlatform } from "../catalog/sync-catalog";
import { seedDemoData, type SeedResult } from "../seed/seed-demo-data";
import {
  dateDemoQualityHistory,
  runDemoQualityCheck,
  seedDemoGovernance,
  type GovernanceSeedResult,
} from "../seed/seed-demo-governance";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { AppError } from "../errors";
import { trainChurnModel } from "../predictions/train-churn-model";

export interface PrepareResult {
  demoUsersCreated: number;
  /** Set when the database held no customer data and demo data was generated. */
  seeded: SeedResult | null;
  /** The demo's glossary and first quality run, seeded with the demo data. */
  governance: GovernanceSeedResult | null;
}

export interface PrepareOptions {
  demo: boolean;
  /** Persons to generate into an empty database in demo mode. */
  demoPersons?: number;
  onProgress?: (message: string) => void;
}

export async function prepareDatabase(
  handle: DatabaseHandle,
  options: PrepareOptions,
): Promise<PrepareResult> {
  await migrateDatabase(handle);
  // The catalog and lineage are there from the first minute (standardized fields and golden attributes even
  // before any source), not registered by whoever first opens a page.
  const registerCatalog = () => syncCatalogFromPlatform(handle.db, systemActor("setup"));
  if (!options.demo) {
    await registerCatalog();
    return { demoUsersCreated: 0, seeded: null, governance: null };
  }
  const demoUsersCreated = await ensureDemoUsers(handle.db);
  const [anyRecord] = await handle.db.select({ id: sourceRecords.id }).from(sourceRecords).limit(1);
  // The quality checks run as each demo source arrives: weeks of trend on the first start (dateDemoQualityHistory).
  const history: string[] = [];
  const seeded = anyRecord
    ? null
    : await seedDemoData(handle.db, systemActor("seed"), {
        persons: options.demoPersons ?? 2000,
        onProgress: options.onProgress,
        afterEachSource: async () => {
          history.push(await runDemoQualityCheck(handle.db));
        },
      });
  await registerCatalog();
  // A glossary bound to the golden attributes and a first quality run with issues to work: each role has something
  // to look at on the first start (the glossary links need the catalog, the run needs the data).
  let governance: GovernanceSeedResult | null = null;
  if (seeded) {
    options.onProgress?.("seeding the glossary and running the first quality checks");
    governance = await seedDemoGovernance(handle.db);
    await dateDemoQualityHistory(handle.db, history);
    // A first churn model, so the profile page shows a probability beside the rule-based risk (decision 2301). A
    // demo too small to learn from (100 churned and 100 retained customers are needed) keeps the rule alone.
    options.onProgress?.("training the first churn model");
    try {
      await trainChurnModel(handle.db, systemActor("setup"), {});
    } catch (error) {
      if (!(error instanceof AppError && error.code === "BAD_REQUEST")) throw error;
      options.onProgress?.(`no churn model: ${error.message}`);
    }
  }
  return { demoUsersCreated, seeded, governance };
}
