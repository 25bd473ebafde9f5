// Keeps the catalog and lineage current with what arrived by the stream or REST (new sources' columns, new event
// names and properties): one platform sync every interval (default 15 minutes, C360_CATALOG_SYNC_MINUTES). File
// imports, source changes and setup sync on their own; this job covers the ways in that have no end to hook.
import { systemActor } from "@c360/core/actor";
import { syncCatalogFromPlatform } from "@c360/core/catalog/sync-catalog";
import type { Database } from "@c360/db/client";
import { repeatJob } from "./repeat-job";

export interface CatalogSchedule {
  stop: () => Promise<void>;
}

export function startCatalogSchedule(
  db: Database,
  options: { everyMinutes: number; log?: (line: string) => void },
): CatalogSchedule {
  const log = options.log ?? ((line: string) => console.log(line));
  const job = repeatJob({
    name: "catalog",
    everyMs: options.everyMinutes * 60_000,
    log,
    run: async () => {
      const r = await syncCatalogFromPlatform(db, systemActor("scheduler"));
      if (r.newAssets > 0 || r.newEdges > 0)
        log(`catalog: registered ${r.newAssets} new assets and ${r.newEdges} new lineage edges`);
    },
  });
  return { stop: job.stop };
}
