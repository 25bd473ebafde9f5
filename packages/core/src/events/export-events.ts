// Every stored event as rows for `c360 export events`: read in id order a page at a time, so a file of millions of
// events never sits in memory.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

export const EVENT_EXPORT_COLUMNS = [
  "message_id",
  "source",
  "type",
  "event",
  "timestamp",
  "anonymous_id",
  "user_id",
  "profile_id",
  "channel",
  "unattributed_reason",
] as const;

export interface ExportedEvent extends Record<string, unknown> {
  id: number;
  message_id: string;
  source: string;
  type: string;
  event: string | null;
  timestamp: string;
  anonymous_id: string | null;
  user_id: string | null;
  profile_id: string | null;
  channel: string;
  unattributed_reason: string | null;
}

/** Calls `write` with each page of events (messages only, not interactions that came otherwise), in id order. */
export async function exportEvents(
  db: Database,
  write: (rows: ExportedEvent[]) => Promise<void>,
  pageSize = 10_000,
): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const rows = await queryRows<ExportedEvent>(
      db,
      sql`select i.id, i.external_id as message_id, s.name as source, i.message_type::text as type, i.event,
            to_char(i.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp,
            i.anonymous_id, i.user_id, i.profile_id, i.channel::text as channel, i.unattributed_reason::text as unattributed_reason
          from interactions i join sources s on s.id = i.source_id
          where i.message_type is not null and i.id > ${after}
          order by i.id limit ${pageSize}`,
    );
    if (rows.length === 0) return total;
    total += rows.length;
    after = Number(rows.at(-1)!.id);
    await write(rows);
  }
}
